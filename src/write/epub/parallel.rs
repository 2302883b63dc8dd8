//! Work spread over the machine's cores (writing pages, compressing files),
//! with the results in the order of the items whatever thread did them, so
//! that the EPUB stays byte-identical from build to build.
//!
//! The calling thread works too; when no other thread can be started, it
//! does everything. This module knows nothing of EPUBs, and it never
//! panics: a worker that panicked is reported as an error.

use std::sync::atomic::{AtomicUsize, Ordering};

/// More threads than this gain nothing for the few seconds an EPUB takes.
const MAX_THREADS: usize = 8;

/// A worker thread stopped without finishing its share.
#[derive(Debug, thiserror::Error)]
#[error("a worker thread of the EPUB backend failed")]
pub struct WorkerFailed;

/// `work(state, index, item)` for every item, on up to as many threads as
/// there are cores, each with its own `state`; the results in item order.
pub fn map<T, S, R>(items: &[T], state: impl Fn() -> S + Sync, work: impl Fn(&mut S, usize, &T) -> R + Sync) -> Result<Vec<R>, WorkerFailed>
where
    T: Sync,
    R: Send,
{
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(MAX_THREADS).min(items.len());
    if threads <= 1 {
        let mut state = state();
        return Ok(items.iter().enumerate().map(|(i, item)| work(&mut state, i, item)).collect());
    }
    let next = AtomicUsize::new(0);
    let run = || {
        let mut state = state();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, work(&mut state, i, item)));
        }
        done
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, || run()).ok()).collect();
        let mut results = run();
        // Every helper is joined before any failure is reported.
        let joined: Vec<_> = helpers.into_iter().map(|helper| helper.join()).collect();
        for done in joined {
            results.extend(done.map_err(|_| WorkerFailed)?);
        }
        Ok(results)
    })?;
    if results.len() != items.len() {
        return Err(WorkerFailed);
    }
    results.sort_unstable_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order() {
        let items: Vec<u64> = (0..1000).collect();
        let out = map(
            &items,
            || 0u64,
            |seen, i, x| {
                *seen += 1;
                (i as u64, x * 2)
            },
        )
        .unwrap();
        assert_eq!(out.len(), 1000);
        assert!(out.iter().enumerate().all(|(i, (j, y))| *j == i as u64 && *y == 2 * i as u64));
        let empty: Vec<u8> = Vec::new();
        assert!(map(&empty, || (), |_, _, x| *x).unwrap().is_empty());
    }
}
