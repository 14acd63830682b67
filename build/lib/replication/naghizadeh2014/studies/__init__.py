"""Naghizadeh & Liu (2014)'s numerical examples over many draws, and one experiment beyond the paper.

* :mod:`.example1`: Example 1 (Section IV-A, weighted total effort, Figs 1-5);
* :mod:`.example2`: Example 2 (Section IV-B, the soft-min weakest link, Figs 6-10);
* :mod:`.participation`: the Section VI-A participation study (Figs 11-12), many draws at once;
* :mod:`.adjustment`: gradient play on the mechanism's messages (does it reach ``m*``?)."""
