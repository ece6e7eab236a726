//! placeholder
use std::path::Path;
use super::Draft;
use crate::CannotRun;
pub fn read(_path: &Path, shown: &str) -> Result<Draft, CannotRun> {
    Err(CannotRun::plain("todo", shown, shown))
}
