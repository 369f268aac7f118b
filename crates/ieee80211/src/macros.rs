//! Helper macro for numeric code enums that keep unknown values (`Unknown(n)`).

/// Declares `enum $name { $variant, ..., Unknown($ty) }` with `From<$ty>` both ways.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $ty:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value without a named variant here; kept so it round-trips.
            Unknown($ty),
        }

        impl From<$ty> for $name {
            fn from(v: $ty) -> Self {
                match v {
                    $( $value => $name::$variant, )*
                    n => $name::Unknown(n),
                }
            }
        }

        impl From<$name> for $ty {
            fn from(v: $name) -> $ty {
                match v {
                    $( $name::$variant => $value, )*
                    $name::Unknown(n) => n,
                }
            }
        }
    };
}

pub(crate) use code_enum;
