from inclusion.guidance.views import edit, public, support, tiers

app_name = "guidance"

# The public guidance page pattern (``<slug>/``) matches any single path segment, so it comes
# last: the fixed addresses before it win, and ``forms.RESERVED_SLUGS`` keeps pages off them.
urlpatterns = [
    *edit.urlpatterns,
    *support.urlpatterns,
    *tiers.urlpatterns,
    *public.urlpatterns,
]
