//! More keywords the starting topic rules missed, found on the labelled customer-service
//! set: fraud told without the word ("without my permission", "claiming to be",
//! "suspicious"), outages as customers report them ("something went wrong", "dropped calls",
//! 网络错误, planned maintenance), "password" and unlocking for account access, receipts and
//! fees (手续费, 發票) for billing, regulators (Ofcom, 12315), closing an account (销户),
//! deliveries (envíos, 发货, missing items, "arrive"), an unanswered customer for a delay
//! ("no response", "nobody answering", "please respond"), and a fire or a choking
//! hazard for safety; Spanish verb forms and phrases ("me cancelaron", "cargos raros",
//! "sin luz", "seguimiento"). Added as 000010 added its own: a new install is seeded with them
//! (`default_topics.tsv`); an existing one gets those its keyword rules of the topic lack,
//! appended, so an admin's edits stay. A deleted rule is not brought back.

use sea_orm_migration::prelude::*;

use crate::m20261127_000010_starting_rule_keywords::append_keywords;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000012_more_rule_keywords"
    }
}

/// The keywords added to the starting rules, by topic (as shipped with this migration).
const ADDED: &[(&str, &[&str])] = &[
    (
        "delay",
        &[
            "no response",
            "zero response",
            "sin respuesta",
            "没人理",
            "沒人理",
            "冇人理",
            "没更新",
            "沒更新",
            "冇更新",
            "no contesta",
            "no contestan",
            "please respond",
            "please reply",
            "get back to me",
            "nobody answering",
            "no one answering",
            "nobody answers",
            "no one answers",
            "not answering",
            "not responding",
            "no reply",
            "no answer",
            "nadie contesta",
            "nadie responde",
        ],
    ),
    (
        "cancellation",
        &["close my account", "cerrar mi cuenta", "销户", "銷戶"],
    ),
    (
        "outage",
        &[
            "something went wrong",
            "dropped call",
            "dropped calls",
            "won't load",
            "not loading",
            "keeps crashing",
            "llamada cortada",
            "llamadas cortadas",
            "avería",
            "网络错误",
            "網絡錯誤",
            "網路錯誤",
            "系统错误",
            "系統錯誤",
            "断线",
            "斷線",
            "maintenance",
            "mantenimiento",
            "系统维护",
            "系統維護",
            "系統維修",
            "sin luz",
            "sin teléfono",
            "sin línea",
            "sin wifi",
        ],
    ),
    (
        "billing",
        &[
            "receipt",
            "手续费",
            "手續費",
            "年费",
            "年費",
            "收据",
            "收據",
            "发票",
            "發票",
            "张单",
            "張單",
            "cuota",
            "cuota anual",
        ],
    ),
    (
        "account_access",
        &[
            "password",
            "logged me out",
            "unlock",
            "unlocked",
            "verify my account",
            "activate my account",
            "activar mi cuenta",
            "解锁",
            "解鎖",
        ],
    ),
    (
        "delivery",
        &[
            "envíos",
            "missing items",
            "items missing",
            "发货",
            "發貨",
            "取货",
            "取貨",
            "宅配",
            "seguimiento",
            "en reparto",
            "hecho pedazos",
            "arrive",
        ],
    ),
    (
        "fraud",
        &[
            "without my permission",
            "without permission",
            "sin permiso",
            "sin mi permiso",
            "didn't authorise",
            "didn't authorize",
            "not authorised",
            "not authorized",
            "claiming to be",
            "pretending to be",
            "haciéndose pasar",
            "suspicious",
            "sospechoso",
            "sospechosa",
            "可疑",
            "don't recognise",
            "don't recognize",
            "cargos raros",
            "cargo raro",
            "no reconozco",
            "suplantación",
        ],
    ),
    (
        "legal",
        &[
            "trading standards",
            "ofcom",
            "消费者协会",
            "消費者協會",
            "12315",
            "消保官",
            "reclamación formal",
            "poner una reclamación",
            "pongo una reclamación",
            "poner una queja",
        ],
    ),
    ("safety", &["caught fire", "choking hazard", "se incendió"]),
    (
        "cancellation",
        &[
            "cancelaron",
            "canceló",
            "cancelé",
            "di de baja",
            "dado de baja",
            "después de la baja",
        ],
    ),
    (
        "refund",
        &["devolvieron el dinero", "me lo devuelven", "devolverme lo"],
    ),
];

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        append_keywords(manager.get_connection(), ADDED).await
    }

    /// The keywords stay: they cannot be told apart from an admin's own.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// A new install is seeded with every added keyword: this migration leaves it as it is.
    #[test]
    fn the_starting_rules_have_them_already() {
        crate::m20261127_000010_starting_rule_keywords::assert_seeded(super::ADDED);
    }
}
