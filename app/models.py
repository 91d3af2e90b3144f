"""Every model, imported in one place so that Alembic and the test suite see the whole schema."""

from app.accounts.models import Role, User  # noqa: F401
from app.agencies.models import Agency  # noqa: F401
from app.audit.models import AuditEvent  # noqa: F401
from app.consultations.models import (  # noqa: F401
    Comment,
    CommentReport,
    CommentVote,
    Consultation,
    ConsultationEvent,
    ConsultationText,
    Document,
    DraftTranslation,
    DraftVersion,
    Provision,
    ProvisionText,
    Question,
)
from app.feedback.models import (  # noqa: F401
    AnswerNotice,
    AnswerRevision,
    AnswerTranslation,
    ClusterAnswer,
    ClusterReview,
)
from app.following.models import (  # noqa: F401
    DigestItem,
    Follow,
    FollowSettings,
    News,
    Organisation,
    OrganisationMember,
)
from app.inbox.models import InboxMessage  # noqa: F401
from app.mail.models import OutgoingEmail  # noqa: F401
from app.petitions.models import Petition, PetitionEvent, PetitionResponse, Signature  # noqa: F401
from app.submissions.models import (  # noqa: F401
    Campaign,
    Cluster,
    ClusterRedirect,
    ClusterSeparation,
    ScopeState,
    Submission,
    TextEmbedding,
)
