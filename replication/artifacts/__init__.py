"""What a reader downloads, cites and explores besides the HTML book: the PDF edition
(:mod:`~replication.artifacts.pdf`), the release archive (:mod:`~replication.artifacts.release`)
and JupyterLab on the chapters (:mod:`~replication.artifacts.lab`).
"""
