"""directory pages of the provider directory."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
