"""Languages of the staff interface and the reports: catalogues and locale formatting.

(What respondents read on survey pages and invitations is in `cxm.web.messages`.)
"""

from cxm.i18n.catalogue import LANGUAGES, Catalogue, language_names, negotiate

__all__ = ["LANGUAGES", "Catalogue", "language_names", "negotiate"]
