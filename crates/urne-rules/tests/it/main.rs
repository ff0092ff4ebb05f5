//! Integration tests of urne-rules, one binary (STYLE.md §6): properties of the seat allocation
//! that must hold for any votes (Code du travail, art. R2314-19 to R2314-21).

mod allocation;
