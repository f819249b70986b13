import pytest

from tests.measures.factories import MeasureFactory


@pytest.fixture
def hdir_measure(agencies):
    return MeasureFactory(owned_by=agencies["HDIR"], title="Handlingsrom i gjeldende rett")


@pytest.fixture
def dmp_measure(agencies):
    return MeasureFactory(owned_by=agencies["DMP"], title="Medisinsk utstyr", kind="tiltak")
