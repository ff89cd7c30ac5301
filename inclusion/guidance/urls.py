from inclusion.guidance.views import edit, public

app_name = "guidance"

urlpatterns = [
    *public.urlpatterns,
    *edit.urlpatterns,
]
