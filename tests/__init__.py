"""The test suite: one folder per part of the package, and the repository's own checks."""
