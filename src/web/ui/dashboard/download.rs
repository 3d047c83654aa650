//! Saving a chart's canvas as a PNG file.

use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

use super::canvas::chart_canvas;
use crate::core::charts::ChartKind;

/// Downloads the chart as `crimelab-<name>.png`.
pub fn download_png(kind: ChartKind) -> Result<(), String> {
    let canvas = chart_canvas(kind).ok_or("The chart is not on the page.")?;
    download_canvas_png(&canvas, &format!("crimelab-{}.png", kind.name()))
}

/// Downloads what a canvas shows as a PNG file named `file_name`.
pub fn download_canvas_png(canvas: &web_sys::HtmlCanvasElement, file_name: &str) -> Result<(), String> {
    let url = canvas.to_data_url_with_type("image/png").map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link: HtmlAnchorElement =
        document.create_element("a").map_err(|e| format!("{e:?}"))?.dyn_into().map_err(|_| "not a link")?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    Ok(())
}
