"""The index of commands: each command's name, where its function is, and its help as declared, in the
order help lists them; a group has its help and its own commands. The root lists commands from here and imports a
command's module only when that command runs or shows its own help.

Written by `python -m jpledger.cli.helptext` from the declarations (cli.declared_app); a test fails when it is out
of date. Do not edit by hand.
"""

TREE = {'init': ('jpledger.cli.admin',
          'init',
          'Create the ledger (owner-only file) if it does not exist yet, and print its path.\n'
          '\n'
          'Example: jpledger --db /data/diklat.db init'),
 'totals': ('jpledger.cli.report',
            'totals',
            "Each person's credited JP for the year against their target.\n"
            '\n'
            'Example: jpledger totals --year 2026 --state short --format csv > short.csv'),
 'statement': ('jpledger.cli.report',
               'statement',
               "One person's transcript for a year: every activity, its credit, caps applied, the running total.\n"
               '\n'
               "Counts what `totals` and `audit` count: entries ending by --as-of (the year's end, or today while "
               'it runs).\n'
               'A PPPK with contracts is counted by contract year: every contract year overlapping the year is '
               'shown.\n'
               '--pdf writes it as an A4 PDF to sign (--signer and --signer-nip add the signature block).\n'
               '\n'
               'Example: jpledger statement 198503142010012003 --year 2026 --pdf transkrip.pdf --signer "Siti '
               'Rahayu"'),
 'audit': ('jpledger.cli.report',
           'audit',
           'The year-end audit: compliance per unit, who is short or over, and findings in the data.\n'
           '\n'
           "--unit takes a unit and every unit below it; --level 1 sums each top-level unit (a province's OPDs "
           'with their\n'
           'bidang) in one row. Exits 1 when someone is short or over or an error finding exists, 0 when '
           'everything is in\n'
           'line. The audit of a closed year (`jpledger year close`) is the report stored when it was closed, '
           'marked so.\n'
           '--pdf writes it as an A4 PDF to sign: the per-unit table and a compliance bar chart, the short and '
           'over\n'
           'lists and the findings, at most 40 people a page (--signer and --signer-nip add the signature block).\n'
           '\n'
           'Example: jpledger audit --year 2026 --format json > audit-2026.json || echo "needs attention"'),
 'remind': ('jpledger.cli.remind',
            'remind',
            "Who is short of the year's target (or near or over a maximum), with what they still need and the JP a "
            'month\n'
            'that reaches it by December, grouped by supervisor (atasan langsung) or unit.\n'
            '\n'
            'PPPK are counted by contract year, as `totals` counts them. --out writes one workbook per group, '
            'named after\n'
            'it, with its people and the coaching and mentoring each had this year. Exits 1 when anyone is listed, '
            '0 when\n'
            'nobody is.\n'
            '\n'
            'Example: jpledger remind --year 2026 --as-of 01/07/2026 --out pengingat/'),
 'journal': ('jpledger.cli.journal',
             'journal',
             "A person's coaching and mentoring sessions in date order: goal, agreed actions, follow-up day, coach "
             'or mentor; with --as-coach the sessions they gave.\n'
             '\n'
             'Example: jpledger journal 199203152019031001 --year 2026'),
 'import': ('jpledger.cli.imports',
            'import_',
            'Import staff and activities from an .xlsx or .csv roster: every row, or none.\n'
            '\n'
            'Sheets are found by their header row (NIP, Nama, Jenis Kegiatan, Tanggal Mulai ...), not by name. '
            'Every problem\n'
            'is listed as FILE:SHEET!CELL: message and nothing is written (exit 3). Activities already in the '
            'ledger are\n'
            'skipped, so importing the same file twice adds nothing; staff rows add new people and update changed '
            'fields.\n'
            "Columns it does not read are listed after the summary. A JP column must agree with the policy's "
            'credit unless the\n'
            'profile says `jp: as_given`. A workbook written by `jpledger export` imports back whole.\n'
            'A Bukti (Evidence) column names files beside the roster, kept inside the ledger; a .zip holding one '
            'roster and\n'
            'its evidence files imports as the roster.\n'
            '\n'
            'Example: jpledger import rekap-2026.xlsx --errors perbaiki.xlsx'),
 'export': ('jpledger.cli.exports',
            'export',
            "Write the ledger to an Excel workbook: staff, activities, the year's totals and a summary with "
            'charts.\n'
            '\n'
            'Sheets: staff; live activities (of --year, else all) with their credited, withheld and counted JP; '
            'staff\n'
            "history, PPPK contracts and units; each person's JP for the year by form against the target, short "
            'rows red\n'
            'and over rows amber; per-unit compliance and people per JP band, with charts. The workbook imports '
            'again\n'
            'whole: `jpledger import FILE` into an empty ledger gives the same people, history, contracts, units,\n'
            'activities, credits, verification and totals. Every sheet prints on A4 landscape, one page wide, with '
            'the\n'
            'year, as-of day, policy and time made on each page.\n'
            '\n'
            "With --siasn (and --year): SIASN's riwayat kursus layout instead, one row per person and activity, "
            'jumlahJam\n'
            'the counted JP rounded half up; kinds without a siasn_type in the policy go to a second sheet with '
            'the reason.\n'
            '\n'
            'Example: jpledger export rekap-2026.xlsx --year 2026 --unit "Bidang Diklat"'),
 'template': ('jpledger.cli.exports',
              'template',
              'Write an empty roster workbook to fill in and import: staff and activity sheets with drop-down '
              'lists.\n'
              '\n'
              'NIP columns are text, dates are checked, kind / status / golongan are chosen from lists (kinds from '
              'the\n'
              "ledger's active policy, or the shipped one when there is no ledger yet), and a sheet explains how "
              'to fill it.\n'
              'No ledger is created.\n'
              '\n'
              'Example: jpledger template roster-kosong.xlsx && jpledger import roster-kosong.xlsx --dry-run'),
 'log': ('jpledger.cli.admin',
         'log',
         'The audit trail: every change, when, by whom (JPLEDGER_ACTOR, else the OS user), what.\n'
         '\n'
         'On PostgreSQL the actor is the database login that made the change (JPLEDGER_ACTOR is kept beside it as\n'
         'claimed_actor), and an officer sees the entries about their own units.\n'
         '\n'
         'Example: jpledger log --limit 20'),
 'backup': ('jpledger.cli.admin',
            'backup',
            'Write a consistent copy of the ledger while others may be writing.\n'
            '\n'
            'Example: jpledger backup /backup/diklat-2026-12-31.db'),
 'check': ('jpledger.cli.admin',
           'check',
           'Check the ledger: integrity, foreign keys, schema version, policy validity, impossible records.\n'
           '\n'
           'Prints nothing and exits 0 when clean; lists findings and exits 1 otherwise.\n'
           '\n'
           'Example: jpledger check && echo clean'),
 'migrate-to': ('jpledger.cli.admin',
                'migrate_to',
                "Copy this ledger into an empty PostgreSQL ledger and verify the copy (rows and every year's "
                'totals).\n'
                '\n'
                'Example: jpledger --db diklat.db migrate-to '
                'postgresql+psycopg://diklat@db.example.go.id/jpledger'),
 'staff': ('Register people and change their records.',
           {'add': ('jpledger.cli.staff',
                    'add',
                    'Register a person.\n'
                    '\n'
                    'Example: jpledger staff add "19850314 201001 2 003" --name "Siti Rahayu" --unit "Bidang '
                    'Diklat" --rank III/c'),
            'update': ('jpledger.cli.staff',
                       'update',
                       'Change a person\'s fields (promotion, transfer, new supervisor); an empty value ("") '
                       'clears a field.\n'
                       '\n'
                       'Status, unit, supervisor, rank and position keep their history: the new value holds from '
                       '--from (default\n'
                       'today), so the audit of an earlier year still sees the old one.\n'
                       '\n'
                       'Example: jpledger staff update 198503142010012003 --rank III/d --unit "Bidang Evaluasi" '
                       '--from 01/04/2026'),
            'leave': ('jpledger.cli.staff',
                      'leave',
                      "Mark a departure; the person's history stays in the ledger.\n"
                      '\n'
                      'Example: jpledger staff leave 198503142010012003 --date 30/06/2026 --reason mutasi'),
            'contract': ('jpledger.cli.staff',
                         'contract',
                         'Record a PPPK work agreement (perjanjian kerja); a renewal is another contract.\n'
                         '\n'
                         "The PPPK maximum applies per contract year: twelve months from each contract's start. "
                         'Contracts of one\n'
                         'person cannot overlap.\n'
                         '\n'
                         'Example: jpledger staff contract 199001012024211001 --start 01/04/2026 --end 31/03/2027 '
                         '--ref 800/112/2026'),
            'list': ('jpledger.cli.staff',
                     'list_',
                     'List people (those who left only with --all).\n'
                     '\n'
                     'Example: jpledger staff list --unit "Bidang Diklat" --format csv > staff.csv'),
            'show': ('jpledger.cli.staff',
                     'show',
                     'Show one person, with the history of their status, unit, supervisor, rank and position, and '
                     'contracts.\n'
                     '\n'
                     'Example: jpledger staff show 198503142010012003 --format json')}),
 'record': ('Record magang, coaching, mentoring and every other kind.',
            {'magang': ('jpledger.cli.record',
                        'magang',
                        'Record a magang (internship / praktik kerja) for each person named.\n'
                        '\n'
                        'Example: jpledger record magang 198503142010012003 --start 01/07/2026 --end 31/07/2026 '
                        '--host "BPS Provinsi Jawa Barat"'),
             'coaching': ('jpledger.cli.record',
                          'coaching',
                          "Record coaching sessions (normally by the coachee's atasan langsung).\n"
                          '\n'
                          'Example: jpledger record coaching 199203152019032001 --coach 198503142010012003 --date '
                          '14/03/2026 --sessions 2'),
             'mentoring': ('jpledger.cli.record',
                           'mentoring',
                           'Record mentoring sessions.\n'
                           '\n'
                           'Example: jpledger record mentoring 199203152019032001 --mentor "Dr. Ahmad Fauzi" '
                           '--date "14 Maret 2026"'),
             'training': ('jpledger.cli.record',
                          'training',
                          'Record any kind of the policy for a whole class at once.\n'
                          '\n'
                          'Example: jpledger record training 198503142010012003 199203152019032001 --kind B3 '
                          '--title "Analisis Data" --start 10/03/2026 --end 12/03/2026 --jp 24')}),
 'activity': ('List, show and void recorded activities.',
              {'list': ('jpledger.cli.activity',
                        'list_',
                        'List activities.\n\nExample: jpledger activity list --nip 198503142010012003 --year 2026'),
               'show': ('jpledger.cli.activity',
                        'show',
                        'Show one activity with everything recorded about it.\n'
                        '\n'
                        'Example: jpledger activity show 42 --format json'),
               'void': ('jpledger.cli.activity',
                        'void',
                        'Strike an entry: it stays visible with its reason and no longer counts.\n'
                        '\n'
                        'Example: jpledger activity void 42 --reason "recorded twice"'),
               'verify': ('jpledger.cli.activity',
                          'verify',
                          'Mark entries verified: checked against their evidence, by you (JPLEDGER_ACTOR, else the '
                          'OS user), now. Give activity ids, or --batch B for everything an import added; a '
                          'rejected entry verified again counts again. Under a policy with `count: verified` only '
                          'verified entries count.\n'
                          '\n'
                          'Example: jpledger activity verify 41 42 --note "sertifikat diperiksa"'),
               'reject': ('jpledger.cli.activity',
                          'reject',
                          'Reject an entry: it stays visible with its reason and never counts; `activity verify` '
                          'reverses it.\n'
                          '\n'
                          'Example: jpledger activity reject 42 --reason "sertifikat tidak sesuai"'),
               'evidence': ('jpledger.cli.activity',
                            'evidence_out',
                            "Write an entry's evidence files into a folder, byte for byte as they were kept, "
                            'readable by you only; an existing file is left alone unless --force.\n'
                            '\n'
                            'Example: jpledger activity evidence 42 --out bukti/')}),
 'batch': ('Imports as units: list them, revert one.',
           {'list': ('jpledger.cli.imports',
                     'batch_list',
                     'List imports: what each added and skipped, and whether it was reverted.\n'
                     '\n'
                     'Example: jpledger batch list --format json'),
            'revert': ('jpledger.cli.imports',
                       'batch_revert',
                       'Void every activity a batch added; the entries stay visible with the reason. People stay '
                       'as they are.\n'
                       '\n'
                       'Example: jpledger batch revert 3 --reason "file sent twice with wrong dates"')}),
 'policy': ('The JP conversion policy: show, check, use.',
            {'show': ('jpledger.cli.policy',
                      'show',
                      'Print the policy new entries are credited under (a file `policy check` accepts).\n'
                      '\n'
                      'Example: jpledger policy show > my-policy.yaml'),
             'check': ('jpledger.cli.policy',
                       'check',
                       'Check a policy file without using it; every problem names its key and line.\n'
                       '\n'
                       'Example: jpledger policy check examples/policy-60-minutes.yaml'),
             'use': ('jpledger.cli.policy',
                     'use',
                     'Store a new policy version and credit new entries under it; past credits are kept as they '
                     'were.\n'
                     '\n'
                     'Example: jpledger policy use examples/policy-60-minutes.yaml')}),
 'unit': ('Units (unit kerja) as a tree: add, update, list.',
          {'add': ('jpledger.cli.units',
                   'add',
                   'Add a unit, at the top or below another (province -> OPD -> bidang).\n'
                   '\n'
                   'On PostgreSQL only admins add units (the database refuses anyone else).\n'
                   '\n'
                   'Example: jpledger unit add DISDIK --name "Dinas Pendidikan" --parent PROV'),
           'update': ('jpledger.cli.units',
                      'update',
                      'Rename a unit or move it below another; people keep their unit, reports show its new name.\n'
                      '\n'
                      'A unit cannot move below itself or a unit below it. On PostgreSQL only admins change '
                      'units.\n'
                      '\n'
                      'Example: jpledger unit update DISDIK --name "Dinas Pendidikan dan Kebudayaan"'),
           'list': ('jpledger.cli.units',
                    'list_',
                    'List the units as a tree: each with its parent and level (1 at the top).\n'
                    '\n'
                    'Example: jpledger unit list --format json')}),
 'officer': ('PostgreSQL officers kept to their own units: add, list, remove.',
             {'add': ('jpledger.cli.officers',
                      'add',
                      'Make a PostgreSQL login role an officer of some units (or an admin); creates the role when '
                      'it is new.\n'
                      '\n'
                      'Without --password-stdin a new role has no password: the DBA sets one, or it logs in by '
                      'certificate or peer.\n'
                      "The database itself keeps the officer to their units' people, in jpledger and in psql "
                      'alike.\n'
                      '\n'
                      'Example: printf \'%s\\n\' "$PASSWORD" | jpledger officer add opd_disdik --units DISDIK '
                      '--password-stdin'),
              'list': ('jpledger.cli.officers',
                       'list_',
                       "List the ledger's officers: each role, its units and whether it is an admin.\n"
                       '\n'
                       'Example: jpledger officer list --format json'),
              'remove': ('jpledger.cli.officers',
                         'remove',
                         "Take a role's access to this ledger away (its units, admin rights, group memberships).\n"
                         '\n'
                         "The login role itself stays: it is the DBA's to drop.\n"
                         '\n'
                         'Example: jpledger officer remove opd_disdik')}),
 'year': ('Close a reported year against silent change, or reopen it.',
          {'close': ('jpledger.cli.admin',
                     'year_close',
                     'Lock a reported year: records, voids, imports and reverts touching it are refused until it '
                     'is reopened.\n'
                     '\n'
                     'Example: jpledger year close 2026 --reason "dilaporkan ke BKN 15/01/2027"'),
           'reopen': ('jpledger.cli.admin',
                      'year_reopen',
                      'Unlock a closed year so it can be corrected; the reopening is in the trail.\n'
                      '\n'
                      'Example: jpledger year reopen 2026 --reason "koreksi data magang"')})}
