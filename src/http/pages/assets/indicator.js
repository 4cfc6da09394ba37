// territoires' indicator page: the indicator's target, then its chart for all of Québec and
// for each region, with links to the CSV of its values. One query reads what does not change
// (the indicator, the regions); another, built from the regions it names (one alias per
// region), reads the values, and is sent again when a value of this indicator is recorded.
"use strict";

(() => {
  const { query, follow, refresher, h, fail } = window.territoires;
  const { scope, target, bucketPicker } = window.territoiresCharts;

  const INDICATOR_PAGE = `query IndicatorPage($number: Int!) {
  plan { title }
  regions { number slug name }
  action(number: $number) {
    number title
    indicator { id name unit footnote target { value dueOn label } }
  }
}`;

  /** The values query: all of Québec, then `r1`, `r2`… for each region. */
  function valuesQuery(regions) {
    const scopes = [
      "quebec: progress { status latest { value asOf } }",
      "quebecSeries: series(bucket: $bucket) { bucketStart value asOf }",
      ...regions.flatMap(({ number }) => [
        `r${number}: progress(regionNumber: ${number}) { status latest { value asOf } }`,
        `r${number}Series: series(bucket: $bucket, regionNumber: ${number}) { bucketStart value asOf }`,
      ]),
    ];
    return `query IndicatorValues($number: Int!, $bucket: Bucket!) {
  action(number: $number) {
    indicator {
      ${scopes.join("\n      ")}
    }
  }
}`;
  }

  const main = document.getElementById("contenu");
  const live = document.getElementById("direct");
  const number = Number(document.body.dataset.actionNumber);
  let bucket = "QUARTER";
  let facts = null;
  let values = null;
  let slot = null;

  function build({ plan, action }) {
    const { indicator } = action;
    document.title = `${indicator.name} · territoires`;
    slot = h("div", { class: "scopes" });
    main.replaceChildren(
      h("h1", {}, indicator.name),
      h("p", { class: "lede" }, `Action ${action.number} : ${action.title} · `, h("a", { href: "/" }, plan.title)),
      target(indicator),
      indicator.footnote ? h("p", { class: "footnote" }, indicator.footnote) : null,
      h("p", { class: "links" }, h("a", { href: `/values.csv?indicator=${encodeURIComponent(indicator.id)}` },
        "Toutes ses valeurs en CSV")),
      bucketPicker(bucket, (picked) => {
        bucket = picked;
        refresh();
      }),
      slot,
    );
  }

  function fill(read) {
    const { indicator } = facts.action;
    const found = read.action.indicator;
    slot.replaceChildren(
      scope({ title: "Ensemble du Québec", heading: "h2", indicator, progress: found.quebec,
        series: found.quebecSeries, bucket }),
      facts.regions.map((region) => {
        const block = scope({ title: region.name, heading: "h2", indicator, progress: found[`r${region.number}`],
          series: found[`r${region.number}Series`], bucket });
        block.append(h("p", { class: "links" }, h("a", { href: `/regions/${region.slug}` }, `La page de ${region.name}`)));
        return block;
      }),
    );
  }

  const refresh = refresher(async () => {
    try {
      facts ??= await query(INDICATOR_PAGE, { number });
      values ??= valuesQuery(facts.regions);
      const read = await query(values, { number, bucket });
      if (slot === null) build(facts);
      fill(read);
      document.documentElement.dataset.loaded = "true";
    } catch (error) {
      fail(main, error);
    }
  });

  const unless = setTimeout(refresh, 500);
  follow({
    onEvent: (event) => {
      if (facts === null || event.value.indicator.id === facts.action.indicator.id) refresh();
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
