//! The route table: every API route is declared here — method, path, who may call it, and a
//! summary — and registered from this table only. The authorization middleware enforces the
//! declared access before any handler runs, and the OpenAPI document is generated from it.
//! A route that is not in the table cannot be reached (the middleware answers 404).

use std::collections::HashMap;

use actix_web::http::Method;
use actix_web::{FromRequest, Handler, Responder, Route, web};
use earshot_api::Permission;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (login, first-run setup, invitation pages, the OpenAPI document).
    Public,
    /// Any logged-in, active user (their own profile, password, sessions).
    Authenticated,
    /// A logged-in user whose role has this permission. Object scope is applied in queries.
    Permission(Permission),
    /// No session: the handler verifies a signature over the raw body (webhooks). Exempt
    /// from the CSRF checks, which protect cookie sessions.
    Signed,
}

impl Access {
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".into(),
            Access::Authenticated => "authenticated".into(),
            Access::Permission(p) => p.as_str().into(),
            Access::Signed => "signed".into(),
        }
    }
}

pub struct ApiRoute {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    /// Scoped to teams: a team-scoped role gets 404 for another team's object.
    pub team_scoped: bool,
    route: Route,
}

macro_rules! route_constructor {
    ($name:ident, $method:ident, $actix:ident) => {
        pub fn $name<F, Args>(
            path: &'static str,
            access: Access,
            summary: &'static str,
            handler: F,
        ) -> ApiRoute
        where
            F: Handler<Args>,
            Args: FromRequest + 'static,
            F::Output: Responder + 'static,
        {
            ApiRoute {
                method: Method::$method,
                path,
                access,
                summary,
                team_scoped: false,
                route: web::$actix().to(handler),
            }
        }
    };
}

impl ApiRoute {
    route_constructor!(get, GET, get);
    route_constructor!(post, POST, post);
    route_constructor!(put, PUT, put);
    route_constructor!(patch, PATCH, patch);
    route_constructor!(delete, DELETE, delete);

    pub fn team_scoped(mut self) -> Self {
        self.team_scoped = true;
        self
    }
}

/// What the middleware and the OpenAPI generator need to know about each route.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    pub team_scoped: bool,
}

#[derive(Debug, Default)]
pub struct RouteTable {
    pub routes: Vec<RouteInfo>,
    by_key: HashMap<(Method, String), usize>,
}

impl RouteTable {
    pub fn lookup(&self, method: &Method, pattern: &str) -> Option<&RouteInfo> {
        // HEAD is answered like GET by actix; check it with GET's declaration.
        let method = if method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        self.by_key
            .get(&(method.clone(), pattern.to_string()))
            .and_then(|i| self.routes.get(*i))
    }

    /// True when some route has this path (so a wrong method is a 405, not a 404).
    pub fn has_path(&self, pattern: &str) -> bool {
        self.routes.iter().any(|r| r.path == pattern)
    }
}

/// Every API route of the application.
pub fn all_routes() -> Vec<ApiRoute> {
    let mut routes = Vec::new();
    routes.extend(crate::http::meta::routes());
    routes.extend(crate::auth::handlers::routes());
    routes.extend(crate::users::handlers::routes());
    routes.extend(crate::audit::handlers::routes());
    routes.extend(crate::channels::handlers::routes());
    routes.extend(crate::analysis::handlers::routes());
    routes.extend(crate::inbox::handlers::routes());
    routes.extend(crate::reports::handlers::routes());
    routes.extend(crate::exports::handlers::routes());
    routes
}

/// Splits the routes into the table (for the middleware and OpenAPI) and an actix configurator.
pub fn build() -> (RouteTable, impl FnOnce(&mut web::ServiceConfig)) {
    let routes = all_routes();
    let mut table = RouteTable::default();
    let mut by_path: Vec<(&'static str, Vec<Route>)> = Vec::new();
    for r in routes {
        table
            .by_key
            .insert((r.method.clone(), r.path.to_string()), table.routes.len());
        table.routes.push(RouteInfo {
            method: r.method,
            path: r.path,
            access: r.access,
            summary: r.summary,
            team_scoped: r.team_scoped,
        });
        match by_path.iter_mut().find(|(p, _)| *p == r.path) {
            Some((_, list)) => list.push(r.route),
            None => by_path.push((r.path, vec![r.route])),
        }
    }
    // Literal paths before parameterised ones, so `/sessions/revoke-others` is not taken for
    // `/sessions/{id}` (actix matches resources in registration order).
    by_path.sort_by_key(|(path, _)| path.matches('{').count());
    let configure = move |cfg: &mut web::ServiceConfig| {
        for (path, list) in by_path {
            let mut resource = web::resource(path);
            for route in list {
                resource = resource.route(route);
            }
            cfg.service(resource.default_service(web::to(super::meta::method_not_allowed)));
        }
    };
    (table, configure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_declared_once_under_the_api_prefix() {
        let (table, _) = build();
        assert!(
            table.routes.len() >= 20,
            "expected the whole API, got {}",
            table.routes.len()
        );
        let mut seen = std::collections::HashSet::new();
        for r in &table.routes {
            assert!(
                r.path.starts_with("/api/v1/"),
                "{} is outside /api/v1",
                r.path
            );
            assert!(
                !r.summary.is_empty(),
                "{} {} has no summary",
                r.method,
                r.path
            );
            assert!(
                seen.insert((r.method.clone(), r.path)),
                "{} {} declared twice",
                r.method,
                r.path
            );
            assert!(table.lookup(&r.method, r.path).is_some());
        }
    }

    #[test]
    fn mutations_that_are_public_are_only_the_login_and_onboarding_ones() {
        let (table, _) = build();
        let public_mutations: Vec<_> = table
            .routes
            .iter()
            .filter(|r| r.access == Access::Public && r.method != Method::GET)
            .map(|r| r.path)
            .collect();
        assert_eq!(
            public_mutations,
            [
                "/api/v1/setup",
                "/api/v1/auth/login",
                "/api/v1/invites/{token}/accept"
            ]
        );
    }
}
