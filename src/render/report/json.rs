//! json: the template context itself, versioned by `context_version`, for people who build their
//! own report elsewhere (a spreadsheet macro, a web page) and for checking what a template sees.

use super::context::Context;

pub fn render(context: &Context) -> Result<Vec<u8>, String> {
    let mut bytes = serde_json::to_vec_pretty(context).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}
