// territoires' region page: the region's priorities (themes, quoted excerpt, the actions that
// answer them), then each action's indicator for the region and for all of Québec. Live: a
// value recorded for one of them reads the page's data again (one query) and redraws the
// indicators, never the rest, so that focus and open tables stay where a person left them.
"use strict";

(() => {
  const { query, follow, refresher, h, fail } = window.territoires;
  const { scope, target, bucketPicker } = window.territoiresCharts;

  const REGION_PAGE = `query RegionPage($slug: String!, $region: Int!, $bucket: Bucket!) {
  plan { title }
  region(slug: $slug) {
    number name adminRegionCode
    priorities { number title excerpt themes { key name } actions { number } }
    actions {
      number title
      indicator {
        id name unit
        target { value dueOn label }
        regional: progress(regionNumber: $region) { status latest { value asOf } }
        regionalSeries: series(bucket: $bucket, regionNumber: $region) { bucketStart value asOf }
        quebec: progress { status latest { value asOf } }
        quebecSeries: series(bucket: $bucket) { bucketStart value asOf }
      }
    }
  }
}`;

  const main = document.getElementById("contenu");
  const live = document.getElementById("direct");
  const slug = window.location.pathname.split("/").pop();
  const regionNumber = Number(document.body.dataset.regionNumber);
  let bucket = "QUARTER";
  /** Each action's indicator block, by action number, once the page is built. */
  const slots = new Map();
  /** The ids of the indicators shown: the events that concern the page. */
  const shown = new Set();

  function priority(item) {
    return h("article", { class: "priority" },
      h("h3", {}, `Priorité ${item.number}`),
      h("p", { class: "title" }, item.title),
      h("p", { class: "tags" }, "Enjeux : ", item.themes.map((theme) => [h("span", { class: "tag" }, theme.name), " "])),
      h("blockquote", {}, h("p", {}, `« ${item.excerpt} »`)),
      h("p", {}, "Actions qui y répondent : ", item.actions.length === 0 ? "aucune" : item.actions.map((action, at) =>
        [at > 0 ? ", " : null, h("a", { href: `#action-${action.number}` }, `action ${action.number}`)])));
  }

  function action(item) {
    const slot = h("div", { class: "scopes" });
    slots.set(item.number, slot);
    shown.add(item.indicator.id);
    return h("article", { class: "action", id: `action-${item.number}`, "aria-labelledby": `action-${item.number}-titre` },
      h("h3", { id: `action-${item.number}-titre` }, `Action ${item.number} : ${item.title}`),
      h("p", { class: "indicator" }, "Indicateur : ", h("a", { href: `/indicators/${item.number}` }, item.indicator.name)),
      target(item.indicator),
      slot,
      h("p", { class: "links" },
        h("a", { href: `/indicators/${item.number}` }, "Cet indicateur dans toutes les régions"), " · ",
        h("a", { href: `/values.csv?indicator=${encodeURIComponent(item.indicator.id)}` }, "ses valeurs en CSV")));
  }

  function build({ plan, region }) {
    document.title = `${region.name} · territoires`;
    main.replaceChildren(
      h("h1", {}, region.name),
      h("p", { class: "lede" }, `Région administrative ${region.adminRegionCode} · `, h("a", { href: "/" }, plan.title)),
      bucketPicker(bucket, (picked) => {
        bucket = picked;
        refresh();
      }),
      h("section", { "aria-labelledby": "priorites" },
        h("h2", { id: "priorites" }, region.priorities.length > 1 ? `Ses ${region.priorities.length} priorités` : "Sa priorité"),
        region.priorities.map(priority)),
      h("section", { "aria-labelledby": "actions" },
        h("h2", { id: "actions" }, "Les actions qui la concernent et leurs indicateurs"),
        region.actions.map(action)),
    );
  }

  function fill({ region }) {
    for (const item of region.actions) {
      const slot = slots.get(item.number);
      // The tables a person opened stay open when the figures change.
      const open = [...slot.querySelectorAll("details")].map((details) => details.open);
      const { indicator } = item;
      slot.replaceChildren(
        scope({ title: region.name, heading: "h4", indicator, progress: indicator.regional,
          series: indicator.regionalSeries, bucket }),
        scope({ title: "Ensemble du Québec", heading: "h4", indicator, progress: indicator.quebec,
          series: indicator.quebecSeries, bucket }),
      );
      slot.querySelectorAll("details").forEach((details, at) => { details.open = open[at] ?? false; });
    }
  }

  const refresh = refresher(async () => {
    try {
      const data = await query(REGION_PAGE, { slug, region: regionNumber, bucket });
      if (slots.size === 0) {
        build(data);
        fill(data);
        // When the first reading is drawn, for whoever measures the page (the browser test).
        performance.mark("territoires:drawn");
      } else {
        fill(data);
      }
      document.documentElement.dataset.loaded = "true";
    } catch (error) {
      fail(main, error);
    }
  });

  // The first reading waits for the subscription to start, so that no value recorded in
  // between is missed; without a WebSocket soon, the page reads anyway.
  const unless = setTimeout(refresh, 1000);
  follow({
    onEvent: (event) => {
      const { indicator, region } = event.value;
      if (shown.has(indicator.id) && (region === null || region.number === regionNumber)) refresh();
    },
    onStart: (resumed) => {
      clearTimeout(unless);
      if (!resumed) refresh();
    },
    onState: (state) => {
      document.documentElement.dataset.live = String(state === "live");
      live.hidden = false;
      live.textContent = state === "live" ? "● En direct" : "Connexion perdue : reconnexion…";
    },
  });
})();
