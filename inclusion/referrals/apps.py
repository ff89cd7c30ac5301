from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "inclusion.referrals"
    verbose_name = "Referrals"
