// territoires' indicator page: the indicator's target, then its chart for all of Québec and
// for each region, with links to the CSV of its values. One query reads what does not change
// (the indicator, the regions); two others, built from the regions it names (one alias per
// region), read the values, and are sent again when a value of this indicator is recorded.
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

  /**
   * The values queries, built from the regions the first one named: all of Québec, then `r1`,
   * `r2`… for each region. Progress and series are two queries, sent together, because a
   * query may hold at most 30 aliases (`config::Limits`) and each needs 19.
   */
  function valuesQueries(regions) {
    const query = (name, variables, field) => `query ${name}(${variables}) {
  action(number: $number) {
    indicator {
      quebec: ${field("")}
      ${regions.map(({ number }) => `r${number}: ${field(`regionNumber: ${number}`)}`).join("\n      ")}
    }
  }
}`;
    return [
      query("IndicatorProgress", "$number: Int!", (region) =>
        `progress${region ? `(${region})` : ""} { status latest { value asOf } }`),
      query("IndicatorSeries", "$number: Int!, $bucket: Bucket!", (region) =>
        `series(bucket: $bucket${region ? `, ${region}` : ""}) { bucketStart value asOf }`),
    ];
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
      h("p", { class: "footnote" }, indicator.footnote),
      h("p", { class: "links" }, h("a", { href: `/values.csv?indicator=${encodeURIComponent(indicator.id)}` },
        "Toutes ses valeurs en CSV")),
      bucketPicker(bucket, (picked) => {
        bucket = picked;
        refresh();
      }),
      slot,
    );
  }

  function fill([progress, series]) {
    const { indicator } = facts.action;
    slot.replaceChildren(
      scope({ title: "Ensemble du Québec", heading: "h2", indicator, progress: progress.quebec,
        series: series.quebec, bucket }),
      ...facts.regions.map((region) => {
        const key = `r${region.number}`;
        const block = scope({ title: region.name, heading: "h2", indicator, progress: progress[key],
          series: series[key], bucket });
        block.append(h("p", { class: "links" }, h("a", { href: `/regions/${region.slug}` }, `La page de ${region.name}`)));
        return block;
      }),
    );
  }

  const refresh = refresher(async () => {
    try {
      facts ??= await query(INDICATOR_PAGE, { number });
      values ??= valuesQueries(facts.regions);
      const [progress, series] = values;
      const read = await Promise.all([query(progress, { number }), query(series, { number, bucket })]);
      if (slot === null) build(facts);
      fill(read.map((data) => data.action.indicator));
      document.documentElement.dataset.loaded = "true";
    } catch (error) {
      fail(main, error);
    }
  });

  const unless = setTimeout(refresh, 1000);
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
