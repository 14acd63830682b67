"""The basics every part uses: argument validation (:mod:`replication.core.validate`), the
on-disk result cache (:mod:`replication.core.cache`), seed studies (:mod:`replication.core.seeds`),
numbers in words (:mod:`replication.core.numbers`) and the chapters' "Explore" sections
(:mod:`replication.core.explore`).  Importing it loads neither matplotlib nor sympy."""
