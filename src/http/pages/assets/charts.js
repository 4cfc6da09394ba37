// territoires' public pages: how an indicator is shown for one scope (a region, or all of
// Québec): its latest value, its progress as a badge with words, and its series against the
// target line as a uPlot chart (vendored) with the same points in a table, its text
// alternative. With no value yet, a sentence says so instead of an empty chart.
"use strict";

window.territoiresCharts = (() => {
  const { h } = window.territoires;

  const numbers = new Intl.NumberFormat("fr-CA", { maximumFractionDigits: 2 });
  const dates = new Intl.DateTimeFormat("fr-CA", { dateStyle: "long", timeZone: "UTC" });
  const months = new Intl.DateTimeFormat("fr-CA", { month: "short", year: "numeric", timeZone: "UTC" });

  /** What the plan writes after a figure of each unit. */
  const UNITS = { MILLION_CAD: " M$", PERCENT: " %", COUNT: "" };

  /** Each progress status in words; the symbol and colour only repeat them. */
  const STATUSES = {
    NO_DATA: ["–", "Aucune valeur"],
    ACHIEVED: ["✔", "Cible atteinte"],
    ON_TRACK: ["↗", "En bonne voie"],
    AT_RISK: ["⚠", "À risque"],
    MISSED: ["✖", "Cible manquée"],
  };

  /** The choices of grouping, as `Indicator.series(bucket:)` names them. */
  const BUCKETS = { MONTH: "Mois", QUARTER: "Trimestre", FISCAL_YEAR: "Année financière" };

  function figure(value, unit) {
    return `${numbers.format(Number(value))}${UNITS[unit]}`;
  }

  function date(iso) {
    return dates.format(new Date(`${iso}T00:00:00Z`));
  }

  /** A bucket's name: "sept. 2018", "T3 2018" (calendar quarter), "2018-2019". */
  function bucketLabel(point, bucket) {
    const start = new Date(`${point.bucketStart}T00:00:00Z`);
    if (bucket === "MONTH") return months.format(start);
    if (bucket === "QUARTER") return `T${Math.floor(start.getUTCMonth() / 3) + 1} ${start.getUTCFullYear()}`;
    return `${start.getUTCFullYear()}-${start.getUTCFullYear() + 1}`;
  }

  function badge(status) {
    const [symbol, words] = STATUSES[status];
    return h(
      "span",
      { class: `badge badge-${status.toLowerCase().replace("_", "-")}` },
      h("span", { "aria-hidden": "true" }, symbol),
      ` ${words}`,
    );
  }

  /** The grouping control; `onChange(bucket)` when a person picks another. */
  function bucketPicker(current, onChange) {
    const select = h(
      "select",
      { id: "regroupement" },
      Object.entries(BUCKETS).map(([key, label]) =>
        h("option", { value: key, selected: key === current }, label),
      ),
    );
    select.addEventListener("change", () => onChange(select.value));
    return h("p", { class: "picker" }, h("label", { for: "regroupement" }, "Valeurs regroupées par "), select);
  }

  /**
   * One scope's block: `title`, the latest value and its badge, then the chart and its table.
   * `progress` is `{ status ratio latest { value asOf } }`, `series` the points of
   * `Indicator.series`, `indicator` has `name unit target { value label }`.
   */
  function scope({ title, heading, indicator, progress, series, bucket }) {
    const latest = progress.latest;
    const summary = latest
      ? h("p", { class: "latest" }, "Dernière valeur : ", h("strong", {}, figure(latest.value, indicator.unit)),
          ` au ${date(latest.asOf)} `, badge(progress.status))
      : h("p", { class: "latest" }, badge(progress.status));
    const points = series.filter((point) => point.value !== null);
    const body = points.length === 0
      ? h("p", { class: "empty" }, "Aucune valeur enregistrée.")
      : [chart(title, indicator, series, bucket), table(title, indicator, series, bucket)];
    return h("section", { class: "scope" }, h(heading, {}, title), summary, body);
  }

  /** The chart, drawn once its box is in the page (uPlot needs a width), redrawn on resize. */
  function chart(title, indicator, series, bucket) {
    const target = Number(indicator.target.value);
    const values = series.map((point) => (point.value === null ? null : Number(point.value)));
    const last = [...series].reverse().find((point) => point.value !== null);
    const box = h("div", {
      class: "chart",
      role: "img",
      "aria-label": `Graphique : ${indicator.name}, ${title}, ${series.length} périodes ; ` +
        `dernière valeur ${figure(last.value, indicator.unit)} ; cible ${indicator.target.label}. ` +
        "Les points sont dans le tableau qui suit.",
    });
    const labels = series.map((point) => bucketLabel(point, bucket));
    // Buckets sit at 0, 1, 2…; the target line runs from edge to edge (half a bucket beyond
    // the first and last), so that it shows even beside a single value.
    const edge = series.length - 0.5;
    const data = [
      [-0.5, ...series.map((_, index) => index), edge],
      [null, ...values, null],
      [target, ...series.map(() => target), target],
    ];
    // Once the caller has put the box in the page (it does so before yielding), so that uPlot
    // reads its width; a microtask, not an animation frame, which a background tab never gets.
    queueMicrotask(() => {
      const options = {
        width: Math.max(240, box.clientWidth),
        height: 220,
        // A fixed legend names the lines; the figures are in the table.
        legend: { live: false },
        scales: {
          x: { time: false, range: () => [-0.5, edge] },
          // From zero, and high enough for the target line whatever the values.
          y: { range: (_, min, max) => [0, Math.max(max, target) * 1.1] },
        },
        axes: [
          { values: (_, splits) => splits.map((at) => labels[at] ?? ""), incrs: [1, 2, 3, 4, 6, 12], stroke: "#222" },
          { values: (_, splits) => splits.map((at) => numbers.format(at)), stroke: "#222", size: 60 },
        ],
        series: [
          { label: "Période", value: (_, at) => (at === null ? "–" : labels[at] ?? "–") },
          { label: "Valeur", stroke: "#0b5cad", width: 2, spanGaps: true, points: { size: 7, fill: "#0b5cad" },
            value: (_, at) => (at === null ? "–" : figure(at, indicator.unit)) },
          { label: "Cible", stroke: "#a3201d", width: 2, dash: [8, 6], points: { show: false },
            value: (_, at) => (at === null ? "–" : figure(at, indicator.unit)) },
        ],
      };
      const plot = new uPlot(options, data, box);
      const resized = new ResizeObserver(() => {
        // A newer reading of the data replaced this chart: let it go.
        if (!box.isConnected) {
          resized.disconnect();
          plot.destroy();
          return;
        }
        plot.setSize({ width: Math.max(240, box.clientWidth), height: 220 });
      });
      resized.observe(box);
    });
    return box;
  }

  /** The chart's points as a table: its text alternative. */
  function table(title, indicator, series, bucket) {
    return h(
      "details",
      { class: "points" },
      h("summary", {}, `Tableau des valeurs (${title})`),
      h(
        "table",
        {},
        h("caption", {}, `${indicator.name} : ${title}, par ${BUCKETS[bucket].toLowerCase()}`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Période"), h("th", { scope: "col" }, "Valeur"),
          h("th", { scope: "col" }, "Date de la valeur"), h("th", { scope: "col" }, "Cible"))),
        h("tbody", {}, series.map((point) => h("tr", {},
          h("th", { scope: "row" }, bucketLabel(point, bucket)),
          h("td", {}, point.value === null ? "aucune valeur" : figure(point.value, indicator.unit)),
          h("td", {}, point.asOf ? date(point.asOf) : "–"),
          h("td", {}, figure(indicator.target.value, indicator.unit))))),
      ),
    );
  }

  /** The target in words: the plan's label, and the due date when there is one. */
  function target(indicator) {
    const due = indicator.target.dueOn ? `, échéance le ${date(indicator.target.dueOn)}` : ", chaque année financière";
    return h("p", { class: "target" }, "Cible : ", h("strong", {}, indicator.target.label), due);
  }

  return { scope, target, bucketPicker, figure, date, BUCKETS };
})();
