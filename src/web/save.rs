//! Saving what the page or a worker made as a file the browser downloads: bytes and text as a
//! Blob (predictions CSV, model JSON, HTML report) and canvases as PNG.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

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

/// Offers the bytes of `buffer` as a download named `file_name` with MIME type `mime`.
pub fn save_buffer(file_name: &str, buffer: &js_sys::ArrayBuffer, mime: &str) -> Result<(), String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_buffer_source_sequence_and_options(&js_sys::Array::of1(buffer), &options)
        .map_err(|e| format!("{e:?}"))?;
    save_blob(file_name, &blob)
}

/// Offers `text` as a download named `file_name` with MIME type `mime`.
pub fn save_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    save_blob(file_name, &blob)
}

/// Offers `bytes` as a download named `file_name` with MIME type `mime` (a CSV built in the
/// core, for instance).
pub fn save_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    save_buffer(file_name, &js_sys::Uint8Array::from(bytes).buffer(), mime)
}

/// Offers a blob as a download named `file_name`.
pub fn save_blob(file_name: &str, blob: &Blob) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(|e| format!("{e:?}"))?;
    download_url(&url, file_name)?;
    // Large files are read after the click returns: free the URL a little later.
    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// Saves what a canvas shows as `file_name` (PNG).
pub fn save_canvas_png(canvas: &HtmlCanvasElement, file_name: &str) -> Result<(), String> {
    let url = canvas.to_data_url_with_type("image/png").map_err(|e| format!("{e:?}"))?;
    download_url(&url, file_name)
}
