"""Reader of SDMX-ML data messages (2.1 generic and structure-specific, and 3.0) through
sdmx1, without the data structure definition: components are sorted into roles by their
ids, as table columns are by their names, so files made for different versions of a data
structure (UNIT_MEASURE an attribute in one, a dimension in the next) read alike.

The XML is checked before any parser sees it: a DOCTYPE or ENTITY declaration (entity
expansion, external entities) refuses the file, and lxml then parses with entity
resolution, DTD loading and network access off.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from importlib import import_module
from itertools import chain

from django.utils.translation import gettext as _

from indicators.evidence import vocabulary as v

from .base import ParsedFile, Record, max_rows

XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OBS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Obs\b")
_MISSING = {"", "nan", "NaN", "NA"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def read_sdmx(name: str, data: bytes) -> ParsedFile:
    parsed = ParsedFile(name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return parsed.fail(_("the file is not UTF-8 XML (it looks like UTF-16)."))
    if XML_DECLARATIONS.search(data):
        return parsed.fail(
            _("the XML has a DOCTYPE or ENTITY declaration, which is refused (it could expand entities).")
        )
    if len(_OBS.findall(data)) > max_rows():
        return parsed.fail(_("the file has more than %(max)d observations.") % {"max": max_rows()})
    try:
        message = _parse(data)
    except Exception as error:  # a malformed message is a refusal of that file, never a crash
        cause = error.__cause__ or error
        return parsed.fail(
            _("the file is not an SDMX-ML data message that can be read (%(error)s).")
            % {"error": f"{type(cause).__name__}: {str(cause)[:200]}"}
        )
    datasets = getattr(message, "data", None)
    if datasets is None:
        return parsed.fail(_("the file is an SDMX-ML message without data (a structure message?)."))
    file_indicator = v.indicator_code_from_file_name(name) or ""
    for dataset in datasets:
        for observation in dataset.obs:
            _add(parsed, observation, file_indicator)
            if parsed.fatal:
                return parsed
    if any(not record.indicator for record in parsed.records):
        return parsed.fail(
            _("the indicator is not known: name the file after it (1-2-1.xml) or give an INDICATOR dimension.")
        )
    return parsed


def _parse(data: bytes):
    """sdmx1's own dispatch (sdmx.reader.xml.Reader), with a parser that resolves no
    entities and loads nothing; sdmx1 prints diagnostics on errors, which go nowhere."""
    from lxml import etree

    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )
    sdmx_log = logging.getLogger("sdmx")
    level = sdmx_log.level
    # Without a DSD sdmx1 warns for every structure-specific message: expected here.
    sdmx_log.setLevel(logging.ERROR)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return _convert(_without_type_hints(events))
    finally:
        sdmx_log.setLevel(level)


def _without_type_hints(events):
    """Structure-specific series and observations name their schema type in xsi:type,
    which sdmx1 without a DSD would take for a dimension value (TIME_PERIOD="ObsType")."""
    for event, element in events:
        if event == "start" and element.tag.rsplit("}", 1)[-1] in ("Series", "Obs"):
            element.attrib.pop(XSI_TYPE, None)
        yield event, element


def _convert(events):
    """sdmx.reader.xml.Reader.convert: the first element says the SDMX-ML version."""
    event, element = next(events)
    version = ""
    for url in element.nsmap.values():
        if "v3_0" in url:
            version = "v30"
            break
        if "v2_1" in url:
            version = "v21"
            break
    if not version:
        raise ValueError(_("not an SDMX-ML 2.1 or 3.0 message"))
    reader = import_module(f"sdmx.reader.xml.{version}").Reader()
    return reader.convert(None, _events=chain([(event, element)], events))


def _add(parsed: ParsedFile, observation, file_indicator: str) -> None:
    dimensions = {kv.id: _text(kv.value) for kv in observation.key.values.values()}
    attributes = {}
    if observation.series_key is not None:
        attributes.update({key: _text(value.value) for key, value in observation.series_key.attrib.items()})
    attributes.update({key: _text(value.value) for key, value in observation.attached_attribute.items()})
    period = dimensions.pop("TIME_PERIOD", "")
    if not period:
        # The dimension at the observation level has another id (generic messages name it
        # in the header only).
        time_ids = [key for key in dimensions if key.upper() in {"TIME", "TIME_PERIOD", "YEAR"}]
        period = dimensions.pop(time_ids[0], "") if time_ids else ""
    value = _text(observation.value)
    where = ", ".join(f"{key}={value}" for key, value in dimensions.items()) + f", {period}"
    if value in _MISSING:
        parsed.empty_rows += 1
        return
    record = Record(line=None, indicator=file_indicator, period=period, value=value, where=where)
    for source, is_dimension in ((dimensions, True), (attributes, False)):
        for identifier, text in source.items():
            name = v.sdmx_id_to_name(identifier)
            if identifier.upper() == "INDICATOR":
                record.indicator = text or record.indicator
                continue
            role = v.role_of(name)
            if role == v.DISAGGREGATION and is_dimension:
                if text not in v.TOTAL_CODES:
                    record.disaggregation[name] = text
            elif role in (v.DISAGGREGATION, v.ATTRIBUTE):
                if text:
                    record.attributes[name] = text
            elif role in (v.YEAR, v.VALUE) or text in v.TOTAL_CODES:
                continue
            elif not getattr(record, role):
                setattr(record, role, text)
            elif getattr(record, role) != text:
                # A second component for the same thing (UNIT_MEASURE and "Unit measure")
                # that says something else: kept, as a table's second column is.
                record.attributes[name] = text
    record.columns = {}
    if len(parsed.records) >= max_rows():
        parsed.fail(_("the file has more than %(max)d observations.") % {"max": max_rows()})
        return
    parsed.records.append(record)


def _text(value) -> str:
    if value is None:
        return ""
    text = getattr(value, "id", value)  # a Code, or plain text
    return str(text).strip()
