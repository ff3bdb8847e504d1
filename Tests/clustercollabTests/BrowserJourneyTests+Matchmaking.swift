import Foundation
import Testing

extension BrowserJourneyTests {
    static let energyDays = "/events/cluster-matchmaking-days-for-the-energy-transition"

    /// The whole matchmaking of the demo's upcoming event on a phone: the organiser saves its setup, the
    /// hydrogen cluster's administrator registers and asks the drone cluster to meet (a message on two
    /// lines), the drone cluster's manager accepts, the organiser runs the scheduler and publishes it, and
    /// both agendas and their `.ics` files show the meeting; then the drone cluster reports what came of a
    /// past meeting and the past event counts it.
    @Test func onAPhoneTwoTeamsBookAMeetingTheOrganiserSchedulesItAndBothAgendasShowIt() async throws {
        let page = Self.energyDays + "/matchmaking"
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given the platform's administrator (the event is the platform's own) on the setup form
            try await login(browser, "admin")
            try await browser.go(base + page + "/setup")
            let sessions = try await browser.find("#sessions").property("value") ?? ""
            #expect(sessions.split(separator: "\n").count == 2, "the setup shows its two days on two lines: \(sessions)")
            // when they lower the request limit and save (the days go back as the browser sends them, with CRLF)
            _ = try await browser.execute("document.querySelector('#request_limit').value = '10'")
            try await browser.button("Save").clickAndLoad()
            let summary1 = try await browser.summary
            #expect(try await browser.path == page, "the setup was not saved: \(summary1)")
            #expect(try await browser.find(".notice").text.contains("Saved"))
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given the hydrogen cluster's administrator on the event's page
            try await login(browser, "user")
            try await browser.go(base + Self.energyDays)
            try await browser.follow("One-to-one meetings: whom to meet, your agenda", orGo: page)
            try await browser.follow("Register to meet other participants", orGo: page + "/register")
            // when they describe their offer on two lines, leave out the first slot and register
            try await browser.find("#offer").type("Green hydrogen for industrial sites." + Key.enter + "An electrolyser test bench open to partners.")
            try await browser.find("#seek").type("Drone inspection of hydrogen pipelines and storage.")
            try await browser.find("input[name=available][value='0']").click()
            try await browser.button("Register").clickAndLoad()
            let summary2 = try await browser.summary
            #expect(try await browser.path == page, "\(summary2)")
            // then whom to meet lists the drone cluster, with why both ways, and they ask to meet it
            try await browser.follow("Whom to meet", orGo: page + "/participants")
            let card = try await browser.element(
                "return Array.from(document.querySelectorAll('li.card')).find(c => c.textContent.includes('Pôle Drones'))")
            let cardID = try await card.attribute("id") ?? ""
            let summary3 = try await browser.summary
            #expect(cardID.hasPrefix("participant-"), "no card of the drone cluster: \(summary3)")
            try await browser.find("#\(cardID) textarea").type("We saw your inspection offer." + Key.enter + "Can we meet on the first day?")
            try await browser.find("#\(cardID) button[type=submit]").clickAndLoad()
            let summary4 = try await browser.summary
            #expect(try await browser.find(".notice").text.contains("Your request is sent"), "\(summary4)")
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // when the drone cluster's manager reads their requests and accepts the hydrogen cluster's
            try await login(browser, "manager")
            try await browser.go(base + page + "/requests")
            let incoming = try await browser.find("ul.incoming").text
            #expect(incoming.contains("Robin User") && incoming.contains("Can we meet on the first day?"), "\(incoming)")
            let accept = try await browser.element(
                "return Array.from(document.querySelectorAll('ul.incoming li')).find(li => li.textContent.includes('Robin User')).querySelector('button[value=accept]')"
            )
            try await accept.clickAndLoad()
            let summary5 = try await browser.summary
            #expect(try await browser.find("ul.meetings").text.contains("Robin User"), "\(summary5)")
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // when the organiser runs the scheduler and publishes
            try await login(browser, "admin")
            try await browser.go(base + page + "/schedule")
            try await browser.button("Run the scheduler").clickAndLoad()
            let summary6 = try await browser.summary
            #expect(try await browser.find("#scheduled").text.hasPrefix("2 /"), "\(summary6)")
            try await browser.button("Publish the schedule and tell participants").clickAndLoad()
            #expect(try await browser.find("table.grid").text.contains("Robin User"))
        }
        for (person, other) in [("user", "Camille Manager"), ("manager", "Robin User")] {
            try await fixture.withBrowser(width: 390, height: 844) { browser in
                // then each agenda and its calendar file show the meeting with the other person and a table
                try await login(browser, person)
                try await browser.go(base + page + "/agenda")
                let agenda = try await browser.find("ol.agenda").text
                #expect(agenda.contains(other) && agenda.contains("Table"), "\(person)'s agenda: \(agenda)")
                let ics =
                    try await browser.execute(
                        "return fetch(arguments[0]).then(r => r.text())", page + "/agenda.ics") as? String ?? ""
                #expect(ics.contains("BEGIN:VEVENT") && ics.contains(other), "\(person)'s .ics: \(ics.prefix(400))")
            }
        }
        if let mail = try await fixture.latestMail(to: try #require(fixture.logins["user"]).email) {
            #expect(mail.subject.contains("Your agenda for"), "the last mail to the hydrogen cluster: \(mail.subject)")
        } else {
            Issue.record("no e-mail to the hydrogen cluster's administrator")
        }
    }

    /// After a past event the drone cluster's manager says a meeting (one the other side reported as not
    /// held) took place and led to a partnership agreement, with a note on two lines; the event's matchmaking
    /// page counts one more agreement and the cluster's profile lists it.
    @Test func onAPhoneATeamReportsWhatCameOfAPastMeetingAndTheEventCountsIt() async throws {
        let page = "/events/aerospace-and-drones-b2b-meetings-in-toulouse/matchmaking"
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            try await browser.go(base + page)
            let before = Int(try await browser.find("#agreements").text.filter(\.isNumber)) ?? -1
            try await login(browser, "manager")
            try await browser.go(base + page + "/follow-up")
            // the meeting with the digital health cluster, which said it did not take place
            let form = try await browser.element(
                "return Array.from(document.querySelectorAll('form[id^=follow-up-]')).find(f => f.textContent.includes('Seine Digital Health'))")
            let formID = try await form.attribute("id") ?? ""
            try await browser.find("#\(formID) select[name=outcome]").select("Partnership agreement")
            try await browser.find("#\(formID) textarea").type("Signed in Toulouse." + Key.enter + "A joint proposal follows.")
            try await browser.find("#\(formID) button[type=submit]").clickAndLoad()
            let summary7 = try await browser.summary
            #expect(try await browser.find(".notice").text.contains("Saved"), "\(summary7)")
            let note = try await browser.find("#\(formID) textarea").property("value") ?? ""
            #expect(note == "Signed in Toulouse.\nA joint proposal follows.", "the note as stored: \(note.debugDescription)")
            try await browser.go(base + page)
            let after = Int(try await browser.find("#agreements").text.filter(\.isNumber)) ?? -1
            #expect(before >= 0 && after == before + 1, "agreements before \(before), after \(after)")
            try await browser.go(base + "/organisations/pole-drones-ile-de-france")
            #expect(try await browser.find(".profile-agreements").text.contains("Partnership agreement"))
        }
    }
}
