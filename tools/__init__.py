"""What a reader downloads, cites and explores besides the HTML book: the PDF edition
(:mod:`~tools.pdf`), the release archive (:mod:`~tools.release`)
and JupyterLab on the chapters (:mod:`~tools.lab`).
"""
