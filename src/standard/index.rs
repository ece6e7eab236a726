//! The standard's tree, flattened once: every node in document order with its parent and depth,
//! a lookup by id, and the ancestors of each node.
//!
//! Every pass that needs the tree (checking leaves, rolling scores up to groups, resolving a pack's
//! declarations, linting, counting the shape) reads this one flat list instead of writing its own
//! recursion. Because a node's parent always comes before it, a walk backwards over the list sees
//! every child before its parent: that is how scores roll up in one pass, whatever the depth, and
//! why a tree of any shape (uneven depth, groups that are requirements themselves) costs the same.

use std::collections::HashMap;

use super::model::{Item, Standard};

/// One node of the tree.
#[derive(Debug, Clone, Copy)]
pub struct Node<'s> {
    pub item: &'s Item,
    /// Position of the parent in [`StandardIndex::nodes`]; `None` for a top-level item.
    pub parent: Option<usize>,
    /// 0 for a top-level item.
    pub depth: usize,
    /// Position among its siblings (for the JSON Pointer of the node: `…/items/{child}`).
    pub child: usize,
}

/// The flattened tree of a [`Standard`].
#[derive(Debug, Clone)]
pub struct StandardIndex<'s> {
    nodes: Vec<Node<'s>>,
    /// Id → position of its first node (ids are unique in a valid standard; lint says when not).
    by_id: HashMap<&'s str, usize>,
}

impl<'s> StandardIndex<'s> {
    /// Flattens the tree of `standard`, depth first, in document order, without recursion (a
    /// deep tree cannot overflow the stack).
    pub fn of(standard: &'s Standard) -> Self {
        let mut nodes = Vec::new();
        let mut stack: Vec<(&'s Item, Option<usize>, usize, usize)> = standard
            .items
            .iter()
            .enumerate()
            .rev()
            .map(|(k, item)| (item, None, 0, k))
            .collect();
        while let Some((item, parent, depth, child)) = stack.pop() {
            let at = nodes.len();
            nodes.push(Node {
                item,
                parent,
                depth,
                child,
            });
            for (k, c) in item.items.iter().enumerate().rev() {
                stack.push((c, Some(at), depth + 1, k));
            }
        }
        let mut by_id = HashMap::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            by_id.entry(n.item.id.as_str()).or_insert(i);
        }
        StandardIndex { nodes, by_id }
    }

    /// Every node, groups and leaves, in document order (a parent before its children).
    pub fn nodes(&self) -> &[Node<'s>] {
        &self.nodes
    }

    pub fn node(&self, at: usize) -> Option<&Node<'s>> {
        self.nodes.get(at)
    }

    /// Position of the (first) node with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Node<'s>> {
        self.position(id).and_then(|i| self.nodes.get(i))
    }

    /// The leaves, in document order.
    pub fn leaves(&self) -> impl Iterator<Item = (usize, &Node<'s>)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.item.is_leaf())
    }

    /// The groups, in document order.
    pub fn groups(&self) -> impl Iterator<Item = (usize, &Node<'s>)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.item.is_leaf())
    }

    /// What is assessed itself, in document order: every leaf, and every group with its own
    /// part (points or checks), just before its children.
    pub fn assessed(&self) -> impl Iterator<Item = (usize, &Node<'s>)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.item.is_assessed())
    }

    /// Positions of the ancestors of the node at `at`, outermost first.
    pub fn ancestors(&self, at: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut next = self.nodes.get(at).and_then(|n| n.parent);
        while let Some(p) = next {
            out.push(p);
            next = self.nodes.get(p).and_then(|n| n.parent);
        }
        out.reverse();
        out
    }

    /// Ids of the ancestors of the node at `at`, outermost first.
    pub fn path(&self, at: usize) -> Vec<&'s str> {
        self.ancestors(at)
            .into_iter()
            .filter_map(|p| self.nodes.get(p).map(|n| n.item.id.as_str()))
            .collect()
    }

    /// The groups that enclose what is assessed at `at`, outermost first: its ancestors, and for
    /// a group's own part the group itself (a declaration on the group covers its own part; the
    /// own part is shown under its group). This is an [`ItemOutcome`]'s `path`.
    ///
    /// [`ItemOutcome`]: crate::outcome::ItemOutcome
    pub fn enclosing(&self, at: usize) -> Vec<&'s str> {
        let mut path = self.path(at);
        if let Some(n) = self.nodes.get(at).filter(|n| !n.item.is_leaf()) {
            path.push(n.item.id.as_str());
        }
        path
    }

    /// The profiles that the node at `at` carries or inherits: the union of the `profiles:` tags
    /// on it and on every ancestor. Empty: the node belongs to every profile.
    pub fn profiles(&self, at: usize) -> Vec<&'s str> {
        let mut out: Vec<&'s str> = Vec::new();
        let mut next = Some(at);
        while let Some(i) = next {
            let Some(n) = self.nodes.get(i) else { break };
            for p in &n.item.profiles {
                if !out.contains(&p.as_str()) {
                    out.push(p);
                }
            }
            next = n.parent;
        }
        out
    }

    /// Whether the node at `at` belongs to the profile `profile`.
    pub fn in_profile(&self, at: usize, profile: &str) -> bool {
        let tags = self.profiles(at);
        tags.is_empty() || tags.contains(&profile)
    }

    /// Number of items at each level, outermost first; an uneven tree counts each node at its
    /// own depth (`[2, 3, 1]`: two top-level items, three below them, one below those).
    pub fn shape(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for n in &self.nodes {
            if out.len() <= n.depth {
                out.resize(n.depth + 1, 0);
            }
            if let Some(c) = out.get_mut(n.depth) {
                *c += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::StandardIndex;

    fn standard(items: &str) -> crate::standard::Standard {
        let text = format!(
            "id: t\nversion: '1'\ntitle: {{zh: 标准, en: S}}\nissuer: {{zh: 区, en: D}}\nlevels: []\nscoring:\n  total: 10\n  grades: [{{id: ok, title: {{zh: 合格, en: pass}}, min: 0}}]\nitems:\n{items}"
        );
        crate::standard::load::load_sources(("t.yaml".into(), text), vec![])
            .standard
            .unwrap()
    }

    #[test]
    fn flattens_in_document_order_with_parents_depths_and_paths() {
        let s = standard(
            "  - {id: A, title: {zh: 甲}, items: [{id: A1, title: {zh: 子}, items: [{id: x, title: {zh: 叶}, points: 1}]}, {id: A2, title: {zh: 子}, points: 2}]}\n  - {id: B, title: {zh: 乙}, points: 3, checks: [{attest: {role: 区}}], items: [{id: B1, title: {zh: 子}, points: 4}]}\n",
        );
        let index = StandardIndex::of(&s);
        let ids: Vec<&str> = index.nodes().iter().map(|n| n.item.id.as_str()).collect();
        assert_eq!(ids, ["A", "A1", "x", "A2", "B", "B1"]);
        let depths: Vec<usize> = index.nodes().iter().map(|n| n.depth).collect();
        assert_eq!(depths, [0, 1, 2, 1, 0, 1]);
        assert_eq!(index.path(2), ["A", "A1"]);
        assert_eq!(index.get("B1").and_then(|n| n.parent), Some(4));
        assert_eq!(index.shape(), [2, 3, 1]);
        let assessed: Vec<&str> = index.assessed().map(|(_, n)| n.item.id.as_str()).collect();
        assert_eq!(assessed, ["x", "A2", "B", "B1"]);
        assert_eq!(index.enclosing(4), ["B"]);
        assert_eq!(index.enclosing(5), ["B"]);
    }

    #[test]
    fn profiles_are_inherited_and_empty_means_every_profile() {
        let s = standard(
            "  - {id: A, title: {zh: 甲}, profiles: [high], items: [{id: A1, title: {zh: 子}, points: 1, profiles: [low]}]}\n  - {id: B, title: {zh: 乙}, points: 3}\n",
        );
        let index = StandardIndex::of(&s);
        let a1 = index.position("A1").unwrap();
        let b = index.position("B").unwrap();
        assert_eq!(index.profiles(a1), ["low", "high"]);
        assert!(index.in_profile(a1, "high") && index.in_profile(a1, "low"));
        assert!(!index.in_profile(a1, "mid"));
        assert!(index.in_profile(b, "mid"));
    }
}
