//! Saving bytes made on the page or in a worker as a file the browser downloads.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers the bytes of `buffer` as a download named `file_name` with MIME type `mime`.
pub fn save_buffer(file_name: &str, buffer: &js_sys::ArrayBuffer, mime: &str) -> Result<(), String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_buffer_source_sequence_and_options(&js_sys::Array::of1(buffer), &options)
        .map_err(|e| format!("{e:?}"))?;
    save_blob(file_name, &blob)
}

/// Offers a blob as a download named `file_name`.
pub fn save_blob(file_name: &str, blob: &Blob) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(|e| format!("{e:?}"))?;
    let link: HtmlAnchorElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into().ok())
        .ok_or("no document")?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Large files are read after the click returns: free the URL a little later.
    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
