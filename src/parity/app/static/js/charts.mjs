// Draws each dashboard chart from its Vega-Lite spec (a JSON script beside it) with vega-embed,
// loaded from the app's own static files. Without JavaScript the table beside it says the same.
// Under the content security policy: `ast` makes vega evaluate expressions with vega-embed's
// interpreter instead of generating code (no eval), and no inline <style> is injected (the same
// rules come from js/vendor/vega-embed.css).
for (const holder of document.querySelectorAll("[data-vega-chart]")) {
  const spec = JSON.parse(document.getElementById(holder.dataset.vegaChart).textContent);
  fitTo(holder.clientWidth, spec);
  window.vegaEmbed(holder, spec, {
    renderer: "svg",
    ast: true,
    defaultStyle: false,
    forceActionsMenu: true, // the PNG/SVG menu, which vega-embed otherwise ties to its injected style
    tooltip: { disableDefaultStyle: true },
    actions: { export: true, source: false, compiled: false, editor: false },
    i18n: { PNG_ACTION: "Download the chart as PNG", SVG_ACTION: "Download the chart as SVG" },
  }).then(() => {
    // vega-embed's menu button is an icon only: give it a name screen readers can announce.
    holder.querySelector("details > summary")?.setAttribute("aria-label", "Download this chart");
    holder.setAttribute("data-rendered", "true");
  });
}

// A chart drawn for a wide page (bars 520 px, labels up to 320 px) fits a narrower holder, such as
// a 390 px phone: the chart takes the holder's width and group labels at most 40% of it (cut
// labels end in an ellipsis; the table gives them whole).
function fitTo(room, spec) {
  if (!room || room >= (spec.width ?? 0) + 340) return;
  spec.width = "container";
  spec.autosize = { type: "fit-x", contains: "padding" };
  const limit = Math.max(80, Math.floor(room * 0.4));
  for (const layer of spec.layer ?? []) {
    const axis = layer.encoding?.y?.axis;
    if (axis) axis.labelLimit = Math.min(axis.labelLimit ?? limit, limit);
  }
}
