//! The summary table's published region lists: "1 à 18", "4, 5, 7, 8, 12, 13, 14 et 15".

use std::collections::HashSet;
use std::ops::RangeInclusive;

/// The numbers the strategy gives its regions.
pub const REGION_NUMBERS: RangeInclusive<i32> = 1..=18;

/// Parses a published region list into region numbers, in the list's order.
pub fn parse_region_list(list: &str) -> Result<Vec<i32>, String> {
    let mut numbers = Vec::new();
    for item in list.split([',']).flat_map(|part| part.split(" et ")) {
        let item = item.trim();
        let (first, last) = match item.split_once(" à ") {
            Some((first, last)) => (first.trim(), last.trim()),
            None => (item, item),
        };
        let parse = |text: &str| {
            text.parse::<i32>()
                .map_err(|_| format!("{text:?} in region list {list:?} is not a region number"))
        };
        let (first, last) = (parse(first)?, parse(last)?);
        if first > last || !REGION_NUMBERS.contains(&first) || !REGION_NUMBERS.contains(&last) {
            return Err(format!(
                "{item:?} in region list {list:?} is not a range of regions 1 to 18"
            ));
        }
        numbers.extend(first..=last);
    }
    let mut seen = HashSet::new();
    if let Some(repeated) = numbers.iter().find(|number| !seen.insert(**number)) {
        return Err(format!(
            "region {repeated} appears twice in region list {list:?}"
        ));
    }
    Ok(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_published_region_lists() {
        assert_eq!(
            parse_region_list("1 à 18").unwrap(),
            (1..=18).collect::<Vec<_>>()
        );
        assert_eq!(
            parse_region_list("1, 2, 4, 6, 7, 10 à 15, 17 et 18").unwrap(),
            vec![1, 2, 4, 6, 7, 10, 11, 12, 13, 14, 15, 17, 18]
        );
        assert_eq!(
            parse_region_list("4, 5, 7, 8, 12, 13, 14 et 15").unwrap(),
            vec![4, 5, 7, 8, 12, 13, 14, 15]
        );
    }

    #[test]
    fn refuses_malformed_region_lists() {
        assert!(parse_region_list("1 à 19").unwrap_err().contains("1 to 18"));
        assert!(
            parse_region_list("deux")
                .unwrap_err()
                .contains("not a region number")
        );
        assert!(parse_region_list("1, 1").unwrap_err().contains("twice"));
    }
}
