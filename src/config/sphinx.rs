//! Settings from a Sphinx `conf.py`, read without running Python (being written).

use crate::config::Config;
use crate::diag::FileDiagnostics;

/// Takes the plain assignments of a `conf.py` into `config`.
pub fn apply(_text: &str, _config: &mut Config, _diags: &mut FileDiagnostics) {}
