//! Deciding leaf items from a scanned evidence pack.
