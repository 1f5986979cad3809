from tests.staff.conftest import staff, staff_client  # noqa: F401
