from django.urls import path

from inclusion.moves import views

app_name = "moves"

urlpatterns = [
    path("", views.moves_list, name="list"),
    path("managed-moves/new/", views.move_create, name="move_create"),
    path("managed-moves/<uuid:pk>/", views.move_detail, name="move_detail"),
    path("managed-moves/<uuid:pk>/outcome/", views.move_outcome, name="move_outcome"),
    path("directions/new/", views.direction_create, name="direction_create"),
    path("directions/<uuid:pk>/", views.direction_detail, name="direction_detail"),
    path("directions/<uuid:pk>/review/", views.direction_review, name="direction_review"),
    path("directions/<uuid:pk>/request/", views.direction_request, name="direction_request"),
    path("directions/<uuid:pk>/outcome/", views.direction_outcome, name="direction_outcome"),
]
