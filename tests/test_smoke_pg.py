from cxm.db import migrate
from cxm.db.engine import get_engine


def test_migrated(settings):
    assert migrate.current_revision(get_engine(settings.database_url)) == migrate.head_revision()
