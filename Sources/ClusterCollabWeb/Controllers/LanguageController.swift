import ClusterCollabCore
import Foundation
import Hummingbird

/// `/language/{code}`: the header's language switcher. Sets the language cookie for a year and comes
/// back to the page (`back`, a local path only); an unknown language is a 404 naming the ones there are.
/// A signed-in person's choice is kept in their account too: their e-mails and notices are written in it.
struct LanguageController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.language, use: choose)
    }

    @Sendable func choose(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.pathText("code")
        let languages = platform.views.languages
        guard let language = languages.first(where: { $0.code == code }) else {
            throw APIError.notFound("language \(code) (there are: \(languages.map(\.code).joined(separator: ", ")))")
        }
        if case .session? = context.identity?.proof, let user = context.identity?.user, user.language != language.code,
            Languages.named(language.code) != nil
        {
            try await platform.users.setLanguage(userID: user.id, language: language.code)
        }
        let back = FormDecoding.pairs(request.uri.query).last { $0.0 == "back" }?.1
        let location =
            back.map { next in
                let safe = AccountPagesController.safeNext(next)
                return safe == Routes.account.path && next != safe ? Routes.home.path : safe
            } ?? Routes.home.path
        var response = AccountPagesController.redirect(location)
        response.setCookie(Self.cookie(language.code, secure: platform.configuration.secureCookies))
        return response
    }

    /// The language cookie: kept a year.
    static func cookie(_ code: String, secure: Bool) -> Cookie {
        Cookie(name: RequestLanguage.cookie, value: code, maxAge: 365 * 24 * 3600, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
