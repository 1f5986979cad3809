"""Fixtures for staff tests: a logged-in staff member."""

import pytest


@pytest.fixture
def staff(make):
    return make.staff(display_name="Мария Служител")


@pytest.fixture
def staff_client(client, login, staff):
    login(staff)
    return client
