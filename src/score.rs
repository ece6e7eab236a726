//! Rolling item outcomes up to groups, a total and a grade.
