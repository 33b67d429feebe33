//! One sort routine for the whole engine and app.
//!
//! `slice::sort_by` compiles a complete copy of the standard library's sort for every comparator
//! closure. In the browser build that cost about 3% of the wasm (some twenty copies). Every sort
//! here goes through [`sorted_indices`], whose only instantiation sorts `usize` indices with a
//! comparator behind `&mut dyn FnMut`, so the sort code exists once. The sort is stable.

use std::cmp::Ordering;

/// The indices `0..len`, stably sorted by `compare` (which receives two indices).
// The one call of the standard sort that `clippy.toml` refuses everywhere else: this is the
// routine everything else goes through, instantiated once for `usize` and a `dyn` comparator.
#[allow(clippy::disallowed_methods)]
pub fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&left, &right| compare(left, right));
    order
}

/// Sorts `items` stably by `compare`, with the single shared sort routine.
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &mut |left, right| compare(&items[left], &items[right]));
    permute(items, &order);
}

/// Sorts `items` stably by a key, with the single shared sort routine.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |left, right| key(left).cmp(&key(right)));
}

/// Reorders `items` so that position `i` holds the old `items[order[i]]`.
fn permute<T>(items: &mut Vec<T>, order: &[usize]) {
    let mut old: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.iter().filter_map(|&index| old[index].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut items, |item| item.0);
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn sorts_descending_with_a_comparator() {
        let mut items = vec![3, 9, 1, 9, 4];
        sort_by(&mut items, |left, right| right.cmp(left));
        assert_eq!(items, [9, 9, 4, 3, 1]);
    }

    #[test]
    fn indices_follow_the_comparator() {
        let keys = ["c", "a", "b"];
        assert_eq!(sorted_indices(3, &mut |l, r| keys[l].cmp(keys[r])), [1, 2, 0]);
        assert!(sorted_indices(0, &mut |l, r| l.cmp(&r)).is_empty());
    }

    #[test]
    fn agrees_with_the_standard_sort_on_many_inputs() {
        let mut seed = 12345u64;
        for len in 0..200 {
            let mut items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut expected = items.clone();
            // The standard sort is the reference this test compares with.
            #[allow(clippy::disallowed_methods)]
            expected.sort_by_key(|item| item.0);
            sort_by_key(&mut items, |item| item.0);
            assert_eq!(items, expected);
        }
    }
}
