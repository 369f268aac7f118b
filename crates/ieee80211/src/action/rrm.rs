//! Radio Measurement Action frames (IEEE 802.11-2020 9.6.6): Category 5,
//! Action, Dialog Token, then (Radio Measurement Request only) Number of
//! Repetitions, then elements: Measurement Request/Report elements (9.4.2.20,
//! 9.4.2.21), or Neighbor Report elements in a Neighbor Report Response. The
//! Measurement Request/Report element bodies of the Beacon type (9.4.2.20.7,
//! 9.4.2.21.7) are read by [`Measurement`], [`BeaconRequest`] and [`BeaconReport`].

use crate::body::{ActionCategory, ActionRepr};
use crate::element::{id, Elements};
use crate::wire::{array_at, check_out, mac_at, put, rest, u16_at, u64_at, u8_at};
use crate::{Error, MacAddr, Result};
use roamd_codes::code_enum;

code_enum! {
    /// Radio Measurement Action field values (Table 9-332); Link
    /// Measurement frames (2, 3) have other fixed fields and are not parsed.
    pub enum RmAction(u8) {
        /// Radio Measurement Request.
        MeasurementRequest = 0,
        /// Radio Measurement Report.
        MeasurementReport = 1,
        /// Neighbor Report Request.
        NeighborReportRequest = 4,
        /// Neighbor Report Response.
        NeighborReportResponse = 5,
    }
}

/// Measurement Type of a Beacon request or report (Table 9-107).
pub const MEASUREMENT_TYPE_BEACON: u8 = 5;

mod field {
    pub const CATEGORY: usize = 0;
    pub const ACTION: usize = 1;
    pub const DIALOG_TOKEN: usize = 2;
    pub const REPETITIONS: usize = 3;
}

/// Length of the fixed fields of every frame parsed here (Category included).
pub const FIXED_LEN: usize = 3;

/// The offset of the elements: after Number of Repetitions in a Radio
/// Measurement Request, after the Dialog Token otherwise.
fn elements_at(action: RmAction) -> usize {
    match action {
        RmAction::MeasurementRequest => field::REPETITIONS + 2,
        _ => FIXED_LEN,
    }
}

/// View of a Radio Measurement body (Category first).
#[derive(Debug, Clone, Copy)]
pub struct RadioMeasurement<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> RadioMeasurement<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        RadioMeasurement { buffer }
    }

    /// Wraps a body after checking category, action and length.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = Self::new_unchecked(buffer);
        b.check()?;
        Ok(b)
    }

    /// Checks the category is Radio Measurement, the action one parsed
    /// here, and the fixed fields present.
    pub fn check(&self) -> Result<()> {
        if self.category() != ActionCategory::RadioMeasurement {
            return Err(Error::UnexpectedAction);
        }
        if let RmAction::Unknown(_) = self.action() {
            return Err(Error::UnexpectedAction);
        }
        if self.buffer.as_ref().len() < elements_at(self.action()) {
            return Err(Error::Truncated);
        }
        Ok(())
    }

    /// Category.
    pub fn category(&self) -> ActionCategory {
        u8_at(self.buffer.as_ref(), field::CATEGORY).into()
    }

    /// Action.
    pub fn action(&self) -> RmAction {
        u8_at(self.buffer.as_ref(), field::ACTION).into()
    }

    /// Dialog Token.
    pub fn dialog_token(&self) -> u8 {
        u8_at(self.buffer.as_ref(), field::DIALOG_TOKEN)
    }

    /// Number of Repetitions (Radio Measurement Request only, else 0).
    pub fn repetitions(&self) -> u16 {
        match self.action() {
            RmAction::MeasurementRequest => u16_at(self.buffer.as_ref(), field::REPETITIONS),
            _ => 0,
        }
    }

    /// The elements after the fixed fields.
    pub fn elements(&self) -> &[u8] {
        rest(self.buffer.as_ref(), elements_at(self.action()))
    }
}

/// Parsed Radio Measurement body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RadioMeasurementRepr<'a> {
    /// Action.
    pub action: RmAction,
    /// Dialog Token (0 in a report that answers no request).
    pub dialog_token: u8,
    /// Number of Repetitions; encoded only in a Radio Measurement Request.
    pub repetitions: u16,
    /// Measurement Request/Report, Neighbor Report or SSID elements.
    pub elements: Elements<'a>,
}

impl<'a> RadioMeasurementRepr<'a> {
    /// Parses an Action body, Category included.
    pub fn parse_bytes(body: &'a [u8]) -> Result<Self> {
        let v = RadioMeasurement::new_checked(body)?;
        Ok(RadioMeasurementRepr {
            action: v.action(),
            dialog_token: v.dialog_token(),
            repetitions: v.repetitions(),
            elements: Elements::new(rest(body, elements_at(v.action()))),
        })
    }

    /// Parses from an [`ActionRepr`] of a parsed frame.
    pub fn from_action(a: &ActionRepr<'a>) -> Result<Self> {
        if a.category != ActionCategory::RadioMeasurement {
            return Err(Error::UnexpectedAction);
        }
        let b = a.body;
        let action = RmAction::from(b.first().copied().ok_or(Error::Truncated)?);
        if let RmAction::Unknown(_) = action {
            return Err(Error::UnexpectedAction);
        }
        let at = elements_at(action) - 1;
        if b.len() < at {
            return Err(Error::Truncated);
        }
        Ok(RadioMeasurementRepr {
            action,
            dialog_token: u8_at(b, 1),
            repetitions: if at > 2 { u16_at(b, 2) } else { 0 },
            elements: Elements::new(rest(b, at)),
        })
    }

    /// Encoded length (Category included).
    pub fn buffer_len(&self) -> usize {
        elements_at(self.action) + self.elements.as_bytes().len()
    }

    /// Writes the body (Category first) to the start of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_out(buf, self.buffer_len())?;
        let at = elements_at(self.action);
        put(
            buf,
            field::CATEGORY,
            &[
                ActionCategory::RadioMeasurement.into(),
                self.action.into(),
                self.dialog_token,
            ],
        );
        if at > FIXED_LEN {
            put(buf, field::REPETITIONS, &self.repetitions.to_le_bytes());
        }
        put(buf, at, self.elements.as_bytes());
        Ok(())
    }

    /// The encoded body (Category first).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = vec![0; self.buffer_len()];
        if self.emit(&mut v).is_err() {
            v.clear(); // unreachable: the buffer has exactly buffer_len() octets
        }
        v
    }
}

/// The data of a Measurement Request or Measurement Report element:
/// Measurement Token, Request/Report Mode, Measurement Type, then the
/// type's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Measurement<'a> {
    /// Measurement Token.
    pub token: u8,
    /// Measurement Request Mode or Measurement Report Mode.
    pub mode: u8,
    /// Measurement Type ([`MEASUREMENT_TYPE_BEACON`], ...).
    pub kind: u8,
    /// The Measurement Request or Report field.
    pub body: &'a [u8],
}

impl<'a> Measurement<'a> {
    /// Parses element data (after ID and length) of element `eid`
    /// (38 or 39, for the error).
    pub fn parse(eid: u8, data: &'a [u8]) -> Result<Self> {
        match data {
            [token, mode, kind, body @ ..] => Ok(Measurement {
                token: *token,
                mode: *mode,
                kind: *kind,
                body,
            }),
            _ => Err(Error::ElementLength { id: eid }),
        }
    }

    /// The Measurement Report elements of a Radio Measurement Report.
    pub fn reports(elements: Elements<'a>) -> impl Iterator<Item = Result<Self>> + 'a {
        elements
            .find_all(id::MEASUREMENT_REPORT)
            .map(|e| Self::parse(id::MEASUREMENT_REPORT, e.data()))
    }

    /// The element data (without ID and length).
    pub fn to_data(&self) -> Vec<u8> {
        let mut v = vec![self.token, self.mode, self.kind];
        v.extend_from_slice(self.body);
        v
    }
}

/// The Measurement Request field of a Beacon request (9.4.2.20.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BeaconRequest<'a> {
    /// Operating Class.
    pub op_class: u8,
    /// Channel Number (0: all of the class, 255: the AP Channel Report's).
    pub channel: u8,
    /// Randomization Interval, TUs.
    pub randomization_interval: u16,
    /// Measurement Duration, TUs.
    pub duration: u16,
    /// Measurement Mode: 0 passive, 1 active, 2 beacon table.
    pub mode: u8,
    /// BSSID to report on (broadcast: any).
    pub bssid: MacAddr,
    /// Optional subelements (SSID, reporting detail...), verbatim.
    pub subelements: &'a [u8],
}

/// Length of a Beacon request's fixed fields, as hostapd's REQ_BEACON requires.
pub const BEACON_REQUEST_LEN: usize = 13;

impl<'a> BeaconRequest<'a> {
    /// Parses the Measurement Request field.
    pub fn parse(b: &'a [u8]) -> Result<Self> {
        if b.len() < BEACON_REQUEST_LEN {
            return Err(Error::Truncated);
        }
        Ok(BeaconRequest {
            op_class: u8_at(b, 0),
            channel: u8_at(b, 1),
            randomization_interval: u16_at(b, 2),
            duration: u16_at(b, 4),
            mode: u8_at(b, 6),
            bssid: mac_at(b, 7),
            subelements: rest(b, BEACON_REQUEST_LEN),
        })
    }

    /// The Measurement Request field.
    pub fn to_data(&self) -> Vec<u8> {
        let mut v = vec![self.op_class, self.channel];
        v.extend_from_slice(&self.randomization_interval.to_le_bytes());
        v.extend_from_slice(&self.duration.to_le_bytes());
        v.push(self.mode);
        v.extend_from_slice(&self.bssid.0);
        v.extend_from_slice(self.subelements);
        v
    }
}

/// The Measurement Report field of a Beacon report (9.4.2.21.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BeaconReport<'a> {
    /// Operating Class.
    pub op_class: u8,
    /// Channel Number.
    pub channel: u8,
    /// Actual Measurement Start Time (TSF).
    pub start_time: u64,
    /// Measurement Duration, TUs.
    pub duration: u16,
    /// Reported Frame Information.
    pub frame_info: u8,
    /// RCPI.
    pub rcpi: u8,
    /// RSNI.
    pub rsni: u8,
    /// The BSSID seen.
    pub bssid: MacAddr,
    /// Antenna ID.
    pub antenna_id: u8,
    /// Parent TSF.
    pub parent_tsf: [u8; 4],
    /// Optional subelements (reported frame body...), verbatim.
    pub subelements: &'a [u8],
}

/// Length of a Beacon report's fixed fields.
pub const BEACON_REPORT_LEN: usize = 26;

impl<'a> BeaconReport<'a> {
    /// Parses the Measurement Report field.
    pub fn parse(b: &'a [u8]) -> Result<Self> {
        if b.len() < BEACON_REPORT_LEN {
            return Err(Error::Truncated);
        }
        Ok(BeaconReport {
            op_class: u8_at(b, 0),
            channel: u8_at(b, 1),
            start_time: u64_at(b, 2),
            duration: u16_at(b, 10),
            frame_info: u8_at(b, 12),
            rcpi: u8_at(b, 13),
            rsni: u8_at(b, 14),
            bssid: mac_at(b, 15),
            antenna_id: u8_at(b, 21),
            parent_tsf: array_at(b, 22).unwrap_or([0; 4]),
            subelements: rest(b, BEACON_REPORT_LEN),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbor_report_request_and_response() {
        // wpa_supplicant's neighbor_rep_request ssid="x": SSID element only.
        let req = [5u8, 4, 7, 0, 1, b'x'];
        let r = RadioMeasurementRepr::parse_bytes(&req).unwrap();
        assert_eq!(r.action, RmAction::NeighborReportRequest);
        assert_eq!(r.dialog_token, 7);
        assert_eq!(r.elements.ssid(), Some(&b"x"[..]));
        assert_eq!(r.to_bytes(), req);
        let a = ActionRepr::from_bytes(&req).unwrap();
        assert_eq!(RadioMeasurementRepr::from_action(&a), Ok(r));
        let resp = RadioMeasurementRepr {
            action: RmAction::NeighborReportResponse,
            dialog_token: 7,
            repetitions: 0,
            elements: Elements::new(&[52, 13, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 81, 1, 7]),
        };
        let bytes = resp.to_bytes();
        assert_eq!(&bytes[..3], &[5, 5, 7]);
        assert_eq!(RadioMeasurementRepr::parse_bytes(&bytes), Ok(resp));
        assert_eq!(
            RadioMeasurementRepr::parse_bytes(&[5, 4]),
            Err(Error::Truncated)
        );
        assert_eq!(
            RadioMeasurementRepr::parse_bytes(&[5, 2, 1]),
            Err(Error::UnexpectedAction)
        );
        assert_eq!(
            RadioMeasurementRepr::parse_bytes(&[10, 4, 1]),
            Err(Error::UnexpectedAction)
        );
    }

    #[test]
    fn beacon_request_and_report() {
        // hostapd_cli req_beacon <sta> 51000000000002ffffffffffff
        let field = hex::decode("51000000000002ffffffffffff").unwrap();
        let br = BeaconRequest::parse(&field).unwrap();
        assert_eq!((br.op_class, br.channel, br.mode), (0x51, 0, 2));
        assert!(br.bssid.is_broadcast());
        assert_eq!(br.to_data(), field);
        assert_eq!(BeaconRequest::parse(&field[..12]), Err(Error::Truncated));
        let m = Measurement {
            token: 1,
            mode: 0,
            kind: MEASUREMENT_TYPE_BEACON,
            body: &field,
        };
        let mut elements = vec![id::MEASUREMENT_REQUEST, 16];
        elements.extend_from_slice(&m.to_data());
        let req = RadioMeasurementRepr {
            action: RmAction::MeasurementRequest,
            dialog_token: 3,
            repetitions: 0,
            elements: Elements::new(&elements),
        };
        let bytes = req.to_bytes();
        assert_eq!(&bytes[..7], &[5, 0, 3, 0, 0, 38, 16]);
        let back = RadioMeasurementRepr::parse_bytes(&bytes).unwrap();
        assert_eq!(back, req);
        assert_eq!(
            RadioMeasurementRepr::parse_bytes(&bytes[..4]),
            Err(Error::Truncated)
        );
        let e = back.elements.find(id::MEASUREMENT_REQUEST).unwrap();
        assert_eq!(Measurement::parse(38, e.data()), Ok(m));
        assert!(Measurement::parse(38, &[1, 0]).is_err());

        // A report: token 1, mode 0, type 5, then the 26 fixed octets.
        let mut report = vec![5u8, 1, 3, 39, 29, 1, 0, 5, 81, 6];
        report.extend_from_slice(&[0; 8]);
        report.extend_from_slice(&[0x64, 0, 0x10, 0xc0, 0xff]);
        report.extend_from_slice(&[2, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4]);
        let r = RadioMeasurementRepr::parse_bytes(&report).unwrap();
        let reports: Vec<_> = Measurement::reports(r.elements).collect();
        assert_eq!(reports.len(), 1);
        let m = reports[0].unwrap();
        assert_eq!((m.token, m.mode, m.kind), (1, 0, 5));
        let b = BeaconReport::parse(m.body).unwrap();
        assert_eq!(
            (b.op_class, b.channel, b.duration, b.rcpi),
            (81, 6, 100, 0xc0)
        );
        assert_eq!(b.bssid, MacAddr([2, 0, 0, 0, 1, 0]));
        assert_eq!(b.parent_tsf, [1, 2, 3, 4]);
        assert_eq!(BeaconReport::parse(&m.body[..25]), Err(Error::Truncated));
    }
}
