"""register pages of attendance (to be built)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
