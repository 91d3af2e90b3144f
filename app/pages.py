"""Every page module, imported in one place: importing one attaches its routes to its feature's blueprint.

Only `create_app` imports this module, so importing a model or a service never loads a page.
"""

from app.accounts import routes as accounts  # noqa: F401
from app.activity import routes as activity  # noqa: F401
from app.admin import routes as admin  # noqa: F401
from app.api import docs as api_docs  # noqa: F401
from app.api import routes as api  # noqa: F401
from app.consultations import manage as consultations_manage  # noqa: F401
from app.consultations import routes as consultations  # noqa: F401
from app.feedback import actions as feedback_actions  # noqa: F401
from app.feedback import public as feedback_public  # noqa: F401
from app.feedback import routes as feedback  # noqa: F401
from app.feeds import routes as feeds  # noqa: F401
from app.following import routes as following  # noqa: F401
from app.identity import routes as identity  # noqa: F401
from app.inbox import routes as inbox  # noqa: F401
from app.main import routes as main  # noqa: F401
from app.opendata import routes as opendata  # noqa: F401
from app.petitions import manage as petitions_manage  # noqa: F401
from app.petitions import routes as petitions  # noqa: F401
from app.tracker import routes as tracker  # noqa: F401
