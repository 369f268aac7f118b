//! [`code_enum!`]: the one macro roamd's wire crates (`roamd-ieee80211`,
//! `roamd-eapol`, `roamd-radius`) use to name the values of a numeric code
//! field (a status code, an EAP type, a RADIUS packet code, ...).
//!
//! A received frame may carry any value, including ones defined after this
//! code was written, so the generated enum has an `Unknown(n)` variant and
//! the conversions are total both ways: `From<repr>` never fails and
//! `From<enum>` gives back the exact value that was parsed, so a frame that is
//! parsed and re-emitted keeps its bytes.
//!
//! ```
//! roamd_codes::code_enum! {
//!     /// EAP Code (RFC 3748 4).
//!     pub enum EapCode(u8) {
//!         /// Request, authenticator to peer.
//!         Request = 1,
//!         /// Response, peer to authenticator.
//!         Response = 2,
//!     }
//! }
//!
//! assert_eq!(EapCode::from(2), EapCode::Response);
//! assert_eq!(EapCode::from(9), EapCode::Unknown(9));
//! assert_eq!(u8::from(EapCode::Unknown(9)), 9);
//! assert_eq!(u8::from(EapCode::Request), 1);
//! ```
#![no_std]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

/// Declares a code enum with named variants plus `Unknown(repr)`, and `From`
/// conversions both ways so that any wire value survives parse and emit.
///
/// Input: attributes (docs), `pub enum Name(repr) { Variant = value, ... }`,
/// where `repr` is an integer type and each `value` a literal pattern of it.
/// The enum derives `Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd,
/// Ord` (ordering follows declaration order, `Unknown` last).
///
/// A value listed twice is a compile-time `unreachable_patterns` warning, so
/// duplicates do not go unnoticed.
#[macro_export]
macro_rules! code_enum {
    (
        $( #[$enum_attr:meta] )*
        $vis:vis enum $name:ident($ty:ty) {
            $(
                $( #[$variant_attr:meta] )*
                $variant:ident = $value:literal
            ),+ $(,)?
        }
    ) => {
        $( #[$enum_attr] )*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $(
                $( #[$variant_attr] )*
                $variant,
            )+
            /// A value without a named variant here; kept so that it round-trips.
            Unknown($ty),
        }

        impl ::core::convert::From<$ty> for $name {
            fn from(value: $ty) -> Self {
                match value {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other),
                }
            }
        }

        impl ::core::convert::From<$name> for $ty {
            fn from(value: $name) -> Self {
                match value {
                    $( $name::$variant => $value, )+
                    $name::Unknown(other) => other,
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::code_enum! {
        /// A 16-bit code with gaps between its values.
        pub enum Sparse(u16) {
            /// The first value.
            One = 1,
            /// A value past a gap.
            Forty = 40,
            /// The largest value the type holds.
            Max = 0xffff,
        }
    }

    crate::code_enum! {
        // Private enums work too, and a trailing comma is optional.
        enum Tiny(u8) { Zero = 0 }
    }

    #[test]
    fn named_values_convert_both_ways() {
        assert_eq!(Sparse::from(1), Sparse::One);
        assert_eq!(Sparse::from(40), Sparse::Forty);
        assert_eq!(Sparse::from(0xffff), Sparse::Max);
        assert_eq!(u16::from(Sparse::Forty), 40);
        assert_eq!(u8::from(Tiny::Zero), 0);
    }

    #[test]
    fn every_value_round_trips() {
        for n in 0..=u16::MAX {
            assert_eq!(u16::from(Sparse::from(n)), n);
        }
        for n in 0..=u8::MAX {
            assert_eq!(u8::from(Tiny::from(n)), n);
        }
    }

    #[test]
    fn unlisted_values_are_unknown() {
        assert_eq!(Sparse::from(0), Sparse::Unknown(0));
        assert_eq!(Sparse::from(2), Sparse::Unknown(2));
        assert_eq!(Tiny::from(1), Tiny::Unknown(1));
    }

    #[test]
    fn order_is_declaration_order_then_unknown() {
        assert!(Sparse::One < Sparse::Forty);
        assert!(Sparse::Max < Sparse::Unknown(0));
        assert!(Sparse::Unknown(2) < Sparse::Unknown(3));
    }
}
