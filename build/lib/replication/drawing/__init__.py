"""Drawing and writing the exhibits: the house style and its semantic colours
(:mod:`replication.drawing.style`), diagram primitives (:mod:`replication.drawing.diagrams`) and
deterministic figure and table files (:mod:`replication.drawing.output`)."""
