from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The domain app: agencies, reports, versions, uploads, batch import, the pipeline.

    Its label stays ``gxnb_portal`` — the name its tables, migrations, content types and
    permissions have carried since the first release — so moving the code here changed no row.
    """

    name = "reports"
    label = "gxnb_portal"
    verbose_name = "年报"
