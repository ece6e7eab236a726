//! Where every node of a YAML document stands: JSON Pointer → line and column.
//!
//! Schema errors come back as JSON Pointers (`/items/3/checks/0/op`) and lint walks the typed tree
//! by index; both need a line to show a person. One pass over the parser's events records the
//! position of every node and of every mapping key, keyed by the node's pointer.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser};

use crate::diagnostic::Position;

#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    /// Position of the value node at each pointer.
    values: HashMap<String, Position>,
    /// Position of the key whose value is at each pointer (mapping entries only).
    keys: HashMap<String, Position>,
}

enum Frame {
    Map {
        pointer: String,
        key: Option<(String, Position)>,
    },
    Seq {
        pointer: String,
        index: usize,
    },
}

impl SourceMap {
    /// Builds the map of a document. A document that does not parse gives a partial map: the
    /// parse error itself is reported by the deserializer, with its own position.
    pub fn build(text: &str) -> Self {
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut nodes = 0usize;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            nodes += 1;
            // The deserializer enforces the real budget; this only keeps the map bounded.
            if nodes > 2_000_000 {
                break;
            }
            let pos = Position {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some((value.into_owned(), pos));
                        continue;
                    }
                    let pointer = child_pointer(&mut stack, &mut map, pos);
                    map.values.insert(pointer, pos);
                }
                Event::Alias(_) => {
                    let pointer = child_pointer(&mut stack, &mut map, pos);
                    map.values.insert(pointer, pos);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    let pointer = if stack.is_empty() {
                        String::new()
                    } else {
                        child_pointer(&mut stack, &mut map, pos)
                    };
                    map.values.entry(pointer.clone()).or_insert(pos);
                    stack.push(if is_map {
                        Frame::Map { pointer, key: None }
                    } else {
                        Frame::Seq { pointer, index: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        map
    }

    /// Position of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn value(&self, pointer: &str) -> Option<Position> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.values.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }

    /// Position of the key of the entry at `pointer` (falls back to the value's position).
    pub fn key(&self, pointer: &str) -> Option<Position> {
        self.keys
            .get(pointer)
            .copied()
            .or_else(|| self.value(pointer))
    }
}

/// The pointer of the next child of the innermost container; records a mapping key's position.
fn child_pointer(stack: &mut [Frame], map: &mut SourceMap, pos: Position) -> String {
    match stack.last_mut() {
        Some(Frame::Map { pointer, key }) => match key.take() {
            Some((k, key_pos)) => {
                let child = format!("{pointer}/{}", escape(&k));
                map.keys.insert(child.clone(), key_pos);
                child
            }
            // A complex (non-scalar) key: it has no pointer of its own.
            None => format!("{pointer}/?"),
        },
        Some(Frame::Seq { pointer, index }) => {
            let child = format!("{pointer}/{index}");
            *index += 1;
            child
        }
        None => {
            let _ = pos;
            String::new()
        }
    }
}

/// JSON Pointer escaping of one reference token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pointers_to_lines_and_columns() {
        let text = "id: x\nitems:\n  - id: A\n    title: {zh: 甲}\n  - id: B\n";
        let map = SourceMap::build(text);
        assert_eq!(map.value("/id"), Some(Position { line: 1, column: 5 }));
        assert_eq!(map.key("/items"), Some(Position { line: 2, column: 1 }));
        assert_eq!(map.value("/items/0"), Some(Position { line: 3, column: 5 }));
        assert_eq!(
            map.key("/items/1/id"),
            Some(Position { line: 5, column: 5 })
        );
        assert_eq!(
            map.value("/items/0/title/zh"),
            Some(Position {
                line: 4,
                column: 17
            })
        );
        // unknown pointers fall back to the nearest ancestor
        assert_eq!(
            map.value("/items/1/nothing"),
            Some(Position { line: 5, column: 5 })
        );
    }
}
