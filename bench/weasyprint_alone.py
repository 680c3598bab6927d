"""WeasyPrint alone on an assembled report: no Django, no database, no Celery.

`python -m bench.weasyprint_alone REPORT.html FILES.json`: for each line read on its
standard input, lays out and writes the HTML with the report's stylesheet, the same PDF
variant as the worker (PDF/UA-1), and a fetcher that only hands out the files listed in
FILES.json ({url: path}, read from disk each time as a real fetcher would); answers one
line of JSON: wall and CPU seconds, layout seconds, page count, PDF size, peak RSS so far.
A process of its own, long-lived like a worker, so that its rounds can alternate with
the worker's (the same background load for both) and its memory is its own.
"""

import gc
import json
import re
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    html_path, files_path = sys.argv[1], sys.argv[2]
    import weasyprint
    from weasyprint.urls import URLFetcherResponse

    html = Path(html_path).read_text(encoding="utf-8")
    files = json.loads(Path(files_path).read_text(encoding="utf-8"))
    stylesheet_text = (Path(__file__).resolve().parent.parent / "static" / "css" / "report-print.css").read_text(
        encoding="utf-8"
    )
    base_url = files.pop("__base_url__")

    class Fetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url not in files:
                raise ValueError(url)
            path = files[url]
            mime = "image/png" if path.endswith(".png") else "image/jpeg"
            return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime})

    def render(text):
        fetcher = Fetcher()
        stylesheet = weasyprint.CSS(string=stylesheet_text, url_fetcher=fetcher, base_url=base_url)
        return weasyprint.HTML(string=text, base_url=base_url, url_fetcher=fetcher).render(stylesheets=[stylesheet])

    for line in sys.stdin:
        if line.strip() == "parts":
            print(json.dumps(_parts(html, render)), flush=True)
            continue
        cpu = time.process_time()
        started = time.perf_counter()
        fetcher = Fetcher()
        stylesheet = weasyprint.CSS(string=stylesheet_text, url_fetcher=fetcher, base_url=base_url)
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=[stylesheet])
        laid_out = time.perf_counter()
        data = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
        answer = {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu,
            "layout_seconds": laid_out - started,
            "pages": len(document.pages),
            "size": len(data),
            "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
        del document, data  # as the worker does: nothing of this round outlives it
        gc.collect()
        print(json.dumps(answer), flush=True)


def _parts(html: str, render) -> dict:
    """A naive split: cover + contents, then every chapter as a document of its own.

    Lays out each part and writes its PDF, one after the other, and returns each part's
    CPU seconds and page count: what a render that re-lays out only the chapter that
    changed, or spreads the parts over workers, would start from (before any merge and
    before the second pass that fixes page numbers, the contents and the bookmarks).
    """
    head, rest = html.split('<main class="chapters">', 1)
    main, tail = rest.rsplit("</main>", 1)
    prefix = head[: head.index('<section class="cover')]
    chapters = [chunk for chunk in re.split(r'(?=<section class="chapter )', main) if chunk.strip()]
    documents = [head + '<main class="chapters"></main>' + tail]
    documents += [prefix + '<main class="chapters">' + chunk + "</main>" + tail for chunk in chapters]
    parts = []
    for text in documents:
        cpu = time.process_time()
        document = render(text)
        document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
        parts.append({"cpu_seconds": time.process_time() - cpu, "pages": len(document.pages)})
        del document
    gc.collect()
    return {"parts": parts}


if __name__ == "__main__":
    main()
