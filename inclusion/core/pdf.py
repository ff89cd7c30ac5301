"""Documents (forum minutes, recharge statements) as PDFs, made with WeasyPrint from HTML
whose styles are inline. Nothing is fetched: not the network, not a file, not a data URL."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

from inclusion.core.downloads import attachment


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    refuse_all = URLFetcher(allowed_protocols=())
    pdf: bytes = HTML(
        string=html, base_url=settings.SERVICE_URL, url_fetcher=refuse_all
    ).write_pdf()
    return pdf


def pdf_attachment(html: str, filename: str) -> HttpResponse:
    """``html`` as a PDF download named ``filename``."""
    return attachment("application/pdf", filename, html_to_pdf(html))
