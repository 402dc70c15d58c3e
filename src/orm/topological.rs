//! The flush's sort, as a pure function: SQLAlchemy's `util/topological.py`
//! `sort_as_subsets`, flattened layer after layer. Knows nothing of mappers or
//! sessions, so it is tested on its own here; `flush_order.rs` builds the
//! action graph and hands it over.

use std::collections::HashSet;
use std::hash::Hash;

/// Sort `nodes` (already in their tie-break order: SQLAlchemy's sort keys) so
/// that every edge `(a, b)` has `a` before `b`. Each round takes, in the given
/// order, every node none of whose predecessors is left (a self-edge does not
/// count), as `sort_as_subsets` yields a subset. When a round finds none, the
/// rest is a cycle: it runs in the given order, and its positions in the
/// output are returned too.
pub fn sort_as_subsets<N: Copy + Eq + Hash>(nodes: Vec<N>, edges: &[(N, N)]) -> (Vec<N>, Vec<usize>) {
    let mut todo = nodes;
    let mut out = Vec::with_capacity(todo.len());
    let mut cyclic = Vec::new();
    let mut remaining: HashSet<N> = todo.iter().copied().collect();
    while !todo.is_empty() {
        let layer: Vec<N> =
            todo.iter().copied().filter(|n| !edges.iter().any(|(a, b)| b == n && a != n && remaining.contains(a))).collect();
        let layer = if layer.is_empty() {
            cyclic.extend(out.len()..out.len() + todo.len());
            todo.clone()
        } else {
            layer
        };
        for a in &layer {
            remaining.remove(a);
        }
        todo.retain(|a| remaining.contains(a));
        out.extend(layer);
    }
    (out, cyclic)
}

#[cfg(test)]
mod tests {
    use super::sort_as_subsets;

    #[test]
    fn no_edges_keeps_the_given_order() {
        assert_eq!(sort_as_subsets(vec![3, 1, 2], &[]), (vec![3, 1, 2], vec![]));
    }

    #[test]
    fn edges_win_over_the_given_order() {
        // 'c' must come before 'a'; 'b' is free and keeps its place in the first layer
        let (out, cyclic) = sort_as_subsets(vec!['a', 'b', 'c'], &[('c', 'a')]);
        assert_eq!(out, vec!['b', 'c', 'a']);
        assert!(cyclic.is_empty());
    }

    #[test]
    fn layers_follow_a_chain() {
        let edges = [(1, 2), (2, 3), (1, 4)];
        assert_eq!(sort_as_subsets(vec![4, 3, 2, 1], &edges).0, vec![1, 4, 2, 3]);
    }

    #[test]
    fn self_edges_are_ignored() {
        assert_eq!(sort_as_subsets(vec![1, 2], &[(1, 1), (2, 2)]).0, vec![1, 2]);
    }

    #[test]
    fn a_cycle_runs_in_the_given_order_and_is_reported() {
        // 0 first; then nothing is free (1 ⇄ 2, and 3 waits for 2): the rest runs in the given order
        let edges = [(0, 1), (1, 2), (2, 1), (2, 3)];
        let (out, cyclic) = sort_as_subsets(vec![3, 2, 1, 0], &edges);
        assert_eq!(out, vec![0, 3, 2, 1]);
        assert_eq!(cyclic, vec![1, 2, 3]);
    }

    #[test]
    fn edges_to_nodes_outside_the_set_are_ignored() {
        assert_eq!(sort_as_subsets(vec![2], &[(1, 2)]).0, vec![2]);
    }
}
