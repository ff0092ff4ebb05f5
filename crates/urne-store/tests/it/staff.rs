//! Staff accounts, sessions (stored hashed, expiring) and the per-account lockout.

use urne_store::registry::Role;
use urne_store::StoreError;

use crate::on_each_backend;

#[tokio::test]
async fn accounts_sessions_lockout() {
    on_each_backend("staff", |stores| async move {
        let registry = &stores.registry;
        assert!(!registry.has_organisateur().await.unwrap());
        let rh = registry
            .add_staff(
                "rh",
                "Direction RH",
                "$argon2id$fake",
                Role::Organisateur,
                None,
            )
            .await
            .unwrap();
        assert!(registry.has_organisateur().await.unwrap());
        let no_union = registry
            .add_staff("d", "Délégué", "$argon2id$fake", Role::Delegue, None)
            .await;
        assert!(matches!(no_union, Err(StoreError::Invalid(_))));
        let cgt = registry.ensure_union("CGT").await.unwrap();
        registry
            .add_staff("d", "Délégué", "$argon2id$fake", Role::Delegue, Some(cgt))
            .await
            .unwrap();
        let delegue = registry.staff_by_login("d").await.unwrap().unwrap();
        assert_eq!((delegue.role, delegue.union_id), (Role::Delegue, Some(cgt)));
        assert!(
            !format!("{delegue:?}").contains("argon2"),
            "Debug hides the hash"
        );

        for now in 0..4 {
            registry
                .record_login_failure(rh, now, 5, 900)
                .await
                .unwrap();
        }
        assert_eq!(
            registry
                .staff_by_login("rh")
                .await
                .unwrap()
                .unwrap()
                .locked_until,
            0
        );
        registry
            .record_login_failure(rh, 100, 5, 900)
            .await
            .unwrap();
        let locked = registry.staff_by_login("rh").await.unwrap().unwrap();
        assert_eq!((locked.failed_logins, locked.locked_until), (5, 1000));

        registry.start_session(rh, "token-1", 5000).await.unwrap();
        let unlocked = registry.staff_by_login("rh").await.unwrap().unwrap();
        assert_eq!((unlocked.failed_logins, unlocked.locked_until), (0, 0));
        let session = registry.session("token-1", 4999).await.unwrap().unwrap();
        assert_eq!(session.staff.login, "rh");
        assert_eq!(
            registry.session("token-1", 5000).await.unwrap(),
            None,
            "expired"
        );
        assert_eq!(registry.session("token-2", 10).await.unwrap(), None);
        // A new password ends the account's other sessions, not the current one.
        registry.start_session(rh, "token-3", 5000).await.unwrap();
        registry
            .set_password(rh, "$argon2id$new", "token-1")
            .await
            .unwrap();
        assert_eq!(registry.session("token-3", 10).await.unwrap(), None);
        let session = registry.session("token-1", 10).await.unwrap().unwrap();
        assert_eq!(session.staff.password_phc, "$argon2id$new");
        registry.end_session("token-1", 10).await.unwrap();
        assert_eq!(registry.session("token-1", 10).await.unwrap(), None);
    })
    .await;
}
