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

    /// The remaining forms on a phone: the drone cluster's manager accepts a request; the organiser fixes
    /// that meeting in the last slot and refuses, then validates again, a participant; the manager withdraws
    /// that slot from their availability (asked first, then confirmed), narrows whom to meet by type and
    /// competence, and cancels the meeting, so the event is as it was.
    @Test func onAPhoneTheOrganiserFixesAMeetingAndTheManagerFreesItThenCancelsIt() async throws {
        let page = Self.energyDays + "/matchmaking"
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            try await login(browser, "manager")
            try await browser.go(base + page + "/requests")
            let accept = try await browser.element(
                "return Array.from(document.querySelectorAll('ul.incoming li')).find(li => li.textContent.includes('Nadia Benali')).querySelector('button[value=accept]')"
            )
            try await accept.clickAndLoad()
            #expect(try await browser.find("ul.meetings").text.contains("Nadia Benali"))
        }
        var slot = ""
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // the organiser fixes the new meeting in the last slot
            try await login(browser, "admin")
            try await browser.go(base + page + "/schedule")
            let item = try await browser.element(
                "return Array.from(document.querySelectorAll('ul.meetings li')).find(li => li.textContent.includes('Nadia Benali') && li.textContent.includes('Camille Manager'))"
            )
            let itemID = try await item.attribute("id") ?? ""
            slot =
                try await browser.execute(
                    "const s = document.querySelector('#' + arguments[0] + ' select'); s.selectedIndex = s.options.length - 1; return s.value", itemID)
                as? String ?? ""
            try await browser.find("#\(itemID) button[type=submit]").clickAndLoad()
            let fixed = try await browser.find("#\(itemID)").text
            #expect(fixed.contains("fixed"), "the meeting is not fixed: \(fixed)")
            // and refuses a participant, then validates them again
            func status(_ value: String) async throws {
                let button = try await browser.element(
                    "return Array.from(document.querySelectorAll('ul.participants li')).find(li => li.textContent.includes('Marc Henry')).querySelector('button[value=' + arguments[0] + ']')",
                    value)
                try await button.clickAndLoad()
            }
            try await status("refused")
            let refused = try await browser.element(
                "return Array.from(document.querySelectorAll('ul.participants li')).find(li => li.textContent.includes('Marc Henry'))"
            ).text
            #expect(refused.contains("Refused"), "\(refused)")
            try await status("validated")
            let validated = try await browser.element(
                "return Array.from(document.querySelectorAll('ul.participants li')).find(li => li.textContent.includes('Marc Henry'))"
            ).text
            #expect(validated.contains("Validated"), "\(validated)")
        }
        try await fixture.withBrowser(width: 390, height: 844, refusals: [409]) { browser in
            // the manager withdraws that slot: asked first, then the meeting is freed
            try await login(browser, "manager")
            try await browser.go(base + page + "/entry")
            try await browser.find("#offer").type(Key.enter + "Pilots on site within a week.")
            try await browser.find("input[name=available][value='\(slot)']").click()
            try await browser.button("Save").clickAndLoad()
            let asked = try await browser.find(".errors").text
            #expect(asked.contains("confirm"), "\(asked)")
            try await browser.find("input[name=confirm]").click()
            try await browser.button("Save").clickAndLoad()
            #expect(try await browser.path == page)
            #expect(try await browser.find(".notice").text.contains("placed again"))
            // whom to meet, narrowed to cluster organisations that speak of hydrogen
            try await browser.go(base + page + "/participants")
            try await browser.find("#type").select("Cluster organisation")
            try await browser.find("#competence").type("hydrogen")
            try await browser.button("Filter").clickAndLoad()
            let names = try await browser.strings("Array.from(document.querySelectorAll('li.card h2')).map(h => h.textContent)")
            #expect(names.contains { $0.contains("Julien Roux") } && !names.contains { $0.contains("Marc Henry") }, "\(names)")
            // and cancels the meeting
            try await browser.go(base + page + "/requests")
            let cancel = try await browser.element(
                "return Array.from(document.querySelectorAll('ul.meetings li')).find(li => li.textContent.includes('Nadia Benali')).querySelector('button')")
            try await cancel.clickAndLoad()
            #expect(try await browser.find(".notice").text.contains("Withdrawn"))
            #expect(!(try await browser.find("ul.meetings").text.contains("Nadia Benali")))
            try await browser.go(base + page + "/entry")
            let offer = try await browser.find("#offer").property("value") ?? ""
            #expect(offer.hasSuffix("\nPilots on site within a week."), "the offer as stored: \(offer.debugDescription)")
        }
    }
}
