//! Saving files from the page: text as a Blob (model JSON, HTML report) and charts as PNG.

use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

/// Clicks a temporary link to `url` that saves as `file_name`.
pub fn download_url(url: &str, file_name: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link: HtmlAnchorElement =
        document.create_element("a").map_err(|e| format!("{e:?}"))?.dyn_into().map_err(|_| "not a link")?;
    link.set_href(url);
    link.set_download(file_name);
    link.click();
    Ok(())
}

/// Offers `text` as a file of type `mime`.
pub fn download_text(file_name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let _ = download_url(&url, file_name);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Saves a canvas as `file_name` (PNG).
pub fn download_canvas_png(canvas: &web_sys::HtmlCanvasElement, file_name: &str) -> Result<(), String> {
    let url = canvas.to_data_url_with_type("image/png").map_err(|e| format!("{e:?}"))?;
    download_url(&url, file_name)
}
