from django.urls import path

from inclusion.fairaccess import views

app_name = "fairaccess"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:step>/", views.template_edit, name="template_edit"),
    path("panels/", views.panel_list, name="panels"),
    path("panels/<uuid:pk>/", views.panel_detail, name="panel_detail"),
    path("<uuid:pk>/", views.case_detail, name="detail"),
    path("<uuid:pk>/applications/add/", views.attempt_add, name="attempt_add"),
    path("<uuid:pk>/panel/", views.case_panel, name="panel"),
    path("<uuid:pk>/decision/", views.case_decide, name="decide"),
    path("<uuid:pk>/offer/", views.case_offer, name="offer"),
    path("<uuid:pk>/close/", views.case_close, name="close"),
    path("<uuid:pk>/drafts/<str:step>/", views.case_draft, name="draft"),
]
