"""A held-out resume set, graded blind to the scorer against the four seed postings.

47 people written fresh by a helper agent that never saw the scorer, the benchmark or the
labeled set's grades. Same data shape and layouts as `tests.screening.labeled.resumes`; grades
live in `grades.json` (3 = would interview first, 2 = worth a look, 1 = weak match,
0 = not relevant). See README.md for the mix and a one-line rationale per resume.
"""

from __future__ import annotations

from tests.screening.labeled.resumes import Job, Resume, d

HELDOUT: tuple[Resume, ...] = (
    Resume(
        id="h01",
        layout="pdf2col",
        name="Adaeze Nwosu",
        email="adaeze.nwosu@example.com",
        phone="+234 803 555 0114",
        address="8 Bourdillon Road, Ikoyi, Lagos",
        headline="Backend Engineering Lead",
        summary=(
            "Backend engineer with 7+ years in Python, the last four leading the payments "
            "backend team at a Lagos fintech. I care about boring deploys, clear runbooks and "
            "shipping what we promised at the demo."
        ),
        skills=(
            "Python",
            "Django / DRF",
            "Celery",
            "Redis",
            "PostgreSQL",
            "Docker Compose",
            "Paystack",
            "Flutterwave",
            "Sentry",
            "GitLab CI",
            "Nginx",
        ),
        jobs=(
            Job(
                "Backend Team Lead",
                "Kudipay",
                d("Mar 2021"),
                (
                    (
                        "Lead a team of four backend engineers; run sprint planning and backlog "
                        "grooming with our product manager every two weeks"
                    ),
                    (
                        "Own the architecture of the wallet and disbursement services (Django, "
                        "DRF, Celery, PostgreSQL)"
                    ),
                    (
                        "Rebuilt the Paystack and Flutterwave webhook consumers with idempotency "
                        "keys, signature checks and exponential retries; duplicate-credit "
                        "disputes went to zero"
                    ),
                    (
                        "Split local, staging and production configuration; every merge request "
                        "now deploys to a docker-compose staging stack before a release is cut"
                    ),
                    (
                        "Review and approve all backend merge requests; wrote our logging and "
                        "error-handling guidelines"
                    ),
                    (
                        "Found and fixed a Celery worker starvation issue (prefetch plus long "
                        "tasks) that was delaying payouts by hours"
                    ),
                ),
            ),
            Job(
                "Backend Engineer",
                "Kudipay",
                d("Jun 2019", "Feb 2021"),
                (
                    "Built the KYC verification flow integrating BVN lookup APIs",
                    (
                        "Moved cron-based reconciliation jobs onto Celery beat with Redis as the "
                        "broker"
                    ),
                ),
            ),
            Job(
                "Software Developer",
                "Softbridge Ltd",
                d("Jan 2018", "May 2019"),
                (
                    "Django developer on enrolment portals for state agencies",
                    "Wrote reporting queries and materialised views in PostgreSQL",
                ),
            ),
        ),
        education=(
            "B.Eng. Electrical & Electronics Engineering, University of Nigeria, Nsukka, 2017",
        ),
    ),
    Resume(
        id="h02",
        layout="docx",
        name="Rahul Menon",
        email="rahul.menon@example.com",
        phone="+1 555 014 2290",
        address="Austin, TX",
        headline="Engineering Lead, Backend Platform (Healthcare SaaS)",
        summary=(
            "11 years building backend systems, 4 of them leading backend teams. Currently "
            "responsible for the backend of a HIPAA-regulated, multi-tenant telehealth "
            "platform serving about 300 clinics. Hands-on in Python (FastAPI, Django) and "
            "comfortable owning the whole path from design doc to on-call."
        ),
        skills=(
            "Python",
            "FastAPI",
            "Django",
            "Celery",
            "PostgreSQL",
            "MongoDB",
            "Redis",
            "Kafka",
            "Kubernetes (EKS)",
            "Terraform",
            "AWS",
            "Prometheus",
            "Grafana",
            "Loki",
            "OpenTelemetry",
            "OAuth2 / OIDC",
            "GraphQL",
            "WebSockets",
        ),
        jobs=(
            Job(
                "Engineering Lead, Backend Platform",
                "Carewell Health",
                d("Feb 2021"),
                (
                    (
                        "Lead 9 backend engineers across two squads; hire, run 1:1s and write "
                        "growth plans for juniors and mid-levels"
                    ),
                    (
                        "Designed the tenant-isolation model (schema-per-tenant in PostgreSQL, "
                        "per-tenant KMS keys) that passed our HIPAA and SOC 2 Type II audits"
                    ),
                    (
                        "Broke the Django monolith into 11 FastAPI services behind an API "
                        "gateway; introduced Kafka for clinical event streams"
                    ),
                    (
                        "Built the observability stack with Prometheus, Grafana, Loki and "
                        "OpenTelemetry traces; mean time to recovery went from ~90 to 20 minutes"
                    ),
                    "Run the on-call rotation, incident reviews and post-mortems",
                    (
                        "Work with the AI lead to ship model inference (transcription, triage "
                        "scoring) as versioned services with audit logging"
                    ),
                    "Stripe billing webhooks and Celery workers for insurance claims submission",
                ),
            ),
            Job(
                "Senior Software Engineer",
                "Carewell Health",
                d("Aug 2018", "Jan 2021"),
                (
                    "Built real-time video visit signalling over WebSockets",
                    "Moved infrastructure from hand-built EC2 instances to EKS using Terraform",
                ),
            ),
            Job(
                "Software Engineer",
                "Reviewly Inc.",
                d("Jun 2014", "Jul 2018"),
                (
                    "Python services for review ingestion (~40M reviews/day)",
                    "MongoDB to Cassandra migration for the moderation queue",
                ),
            ),
        ),
        education=(
            "M.S. Computer Science, Texas A&M University, 2014",
            "B.Tech. Computer Science, NIT Calicut, 2012",
        ),
    ),
    Resume(
        id="h03",
        layout="txt",
        name="Kwame Asante",
        email="kwame.asante@example.com",
        phone="+44 7700 900118",
        address="London, UK",
        headline="Backend Team Lead (Go / Node.js)",
        summary=(
            "Ten years in backend development, five leading teams. I build services in Go and "
            "TypeScript and I care a lot about observability and about people growing on my "
            "teams."
        ),
        skills=(
            "Go",
            "Node.js",
            "TypeScript",
            "gRPC",
            "Kafka",
            "PostgreSQL",
            "Redis",
            "Kubernetes",
            "Prometheus",
            "Jaeger",
            "Grafana",
            "Terraform",
            "GCP",
        ),
        jobs=(
            Job(
                "Backend Team Lead",
                "Parcelway Logistics, London",
                d("Apr 2020"),
                (
                    (
                        "Lead 7 engineers owning routing, pricing and tracking services (Go, "
                        "gRPC, Kafka)"
                    ),
                    (
                        "Introduced SLOs, RED dashboards and alerting; pages per week down from "
                        "~25 to 4"
                    ),
                    (
                        "Mentored two juniors to mid-level and one mid to senior; run the weekly "
                        "architecture review"
                    ),
                    (
                        "Led p99 latency work on the tracking API from 900ms to 120ms (query "
                        "plans, caching, connection pooling)"
                    ),
                    (
                        "Plan the quarterly roadmap with product and estimate with the team in "
                        "two-week sprints"
                    ),
                ),
            ),
            Job(
                "Senior Software Engineer",
                "Parcelway Logistics",
                d("2018", "2020"),
                (
                    "Split the Node.js monolith into services by bounded context",
                    "Built the event pipeline on Kafka",
                ),
            ),
            Job(
                "Software Engineer",
                "Brightline Digital",
                d("2015", "2018"),
                (
                    (
                        "Node.js/Express APIs for retail clients; small Python scripts for data "
                        "imports"
                    ),
                    "Team lead for three developers in my final year",
                ),
            ),
        ),
        education=(
            "BSc Computer Science, Kwame Nkrumah University of Science and Technology, 2014",
        ),
    ),
    Resume(
        id="h04",
        layout="md",
        name="Sofia Marquez",
        email="sofia.marquez@example.com",
        phone="+1 555 019 8842",
        address="Denver, CO",
        headline="Senior Backend Engineer | Python / FastAPI",
        summary=(
            "Six years writing Python backends, mostly FastAPI services in event-driven "
            "systems. I like domain modelling, clean boundaries and APIs that are hard to "
            "misuse."
        ),
        skills=(
            "Python",
            "FastAPI",
            "Pydantic",
            "SQLAlchemy",
            "PostgreSQL",
            "MongoDB",
            "Kafka",
            "Celery",
            "Redis",
            "Docker",
            "AWS (ECS, Lambda, SQS)",
            "OAuth2",
            "JWT",
            "Keycloak",
            "DDD",
            "pytest",
        ),
        jobs=(
            Job(
                "Senior Backend Engineer",
                "Orderly (B2B commerce)",
                d("Jan 2022"),
                (
                    (
                        "Tech lead for a squad of three engineers on the order-management domain "
                        "since mid-2023"
                    ),
                    (
                        "Designed the order, inventory and fulfilment bounded contexts as "
                        "separate FastAPI services talking over Kafka, with a transactional "
                        "outbox for reliable publishing"
                    ),
                    (
                        "Implemented OAuth2 client-credentials and JWT validation at the gateway, "
                        "plus per-tenant rate limiting"
                    ),
                    "Wrote our ADR template and lead design reviews for the domain",
                    (
                        "Cut p95 of the order search endpoint from 1.4s to 180ms with composite "
                        "indexes and a read model"
                    ),
                ),
            ),
            Job(
                "Backend Engineer",
                "Fieldnote",
                d("Jul 2019", "Dec 2021"),
                (
                    "Migrated the public API from Django/DRF to FastAPI",
                    "Celery workers for PDF generation and email",
                    "MongoDB for survey responses",
                ),
            ),
        ),
        education=("B.S. Computer Science, University of Colorado Boulder, 2019",),
    ),
    Resume(
        id="h05",
        layout="jsonresume",
        name="Ifeanyi Eze",
        email="ifeanyi.eze.dev@example.com",
        phone="+234 809 555 0173",
        address="Independence Layout, Enugu",
        headline="Backend Developer | Python | Django | FastAPI | DevOps | Cloud",
        summary=(
            "Passionate and self-motivated backend developer with hands-on experience "
            "building scalable APIs. Eager to learn and grow in a fast-paced environment. "
            "Quick learner and team player."
        ),
        skills=(
            "Python",
            "Django",
            "FastAPI",
            "Flask",
            "Celery",
            "Redis",
            "RabbitMQ",
            "Kafka",
            "Docker",
            "Kubernetes",
            "Terraform",
            "AWS",
            "GCP",
            "Azure",
            "PostgreSQL",
            "MySQL",
            "MongoDB",
            "Cassandra",
            "GraphQL",
            "Prometheus",
            "Grafana",
            "ELK",
            "Microservices",
            "System Design",
            "React",
            "Git",
            "Linux",
            "CI/CD",
            "JWT",
            "OAuth2",
        ),
        jobs=(
            Job(
                "Junior Backend Developer",
                "Pixelforge Agency",
                d("Oct 2023"),
                (
                    "Built REST endpoints in Django REST Framework for client websites",
                    "Fixed bugs reported by the QA team",
                    "Wrote a Celery task that sends order confirmation emails",
                    "Participated in daily standups",
                ),
            ),
            Job(
                "Backend Intern",
                "HNG Internship",
                d("Jun 2023", "Sep 2023"),
                (
                    "Completed stage tasks building a FastAPI CRUD app",
                    "Deployed to a free-tier hosting platform",
                ),
            ),
        ),
        education=(
            "ALX Software Engineering Programme, 2023",
            "HND Computer Science, Institute of Management and Technology, Enugu, 2021",
        ),
    ),
    Resume(
        id="h06",
        layout="pdf2col",
        name="Oluwaseun Adeyemi",
        email="seun.adeyemi@example.com",
        phone="+234 802 555 0190",
        address="Admiralty Way, Lekki Phase 1, Lagos",
        headline="Engineering Lead, Java / Spring",
        summary=(
            "Engineering lead with 9 years in core banking and payments. I lead teams that "
            "build Spring Boot microservices on Kubernetes and keep them running at month-end "
            "volumes."
        ),
        skills=(
            "Java 17",
            "Spring Boot",
            "Spring Cloud",
            "Kafka",
            "Oracle",
            "PostgreSQL",
            "Redis",
            "OpenShift",
            "Kubernetes",
            "Docker",
            "Prometheus",
            "Grafana",
            "ELK",
            "Jenkins",
            "Azure",
        ),
        jobs=(
            Job(
                "Engineering Lead, Payments",
                "Crestbank Plc",
                d("Jan 2021"),
                (
                    (
                        "Lead a team of six engineers building the bank's transfer and "
                        "collections services"
                    ),
                    (
                        "Architected the move from an ESB integration layer to Spring Boot "
                        "microservices on OpenShift"
                    ),
                    (
                        "Own NIP and card-scheme integrations; designed callback and retry "
                        "handling for inbound notifications"
                    ),
                    (
                        "Set up Grafana dashboards and ELK log search for the payments domain; "
                        "on-call lead"
                    ),
                    (
                        "Mentor junior developers through code reviews and fortnightly brown-bag "
                        "sessions"
                    ),
                ),
            ),
            Job(
                "Senior Java Developer",
                "Crestbank Plc",
                d("Mar 2018", "Dec 2020"),
                (
                    "Built the loan origination APIs",
                    "Tuned Oracle queries for statement generation",
                ),
            ),
            Job(
                "Java Developer",
                "Swiftpay Systems",
                d("Jul 2016", "Feb 2018"),
                ("Spring MVC services for POS terminal management",),
            ),
        ),
        education=("B.Sc. Computer Science, Obafemi Awolowo University, 2015",),
    ),
    Resume(
        id="h07",
        layout="docx",
        name="Emily Carter",
        email="emily.carter@example.com",
        phone="+44 7700 900321",
        address="Manchester, UK",
        headline="Senior Technical Recruiter",
        summary=(
            "Technical recruiter with 6 years hiring engineers for scale-ups. I partner with "
            "engineering managers to hire backend, platform and data engineers and can hold "
            "my own in a Python vs. Go conversation."
        ),
        skills=(
            "Full-cycle recruiting",
            "Greenhouse",
            "LinkedIn Recruiter",
            "Sourcing",
            "Employer branding",
            "Interview design",
            "Offer negotiation",
        ),
        jobs=(
            Job(
                "Senior Technical Recruiter",
                "Loopwise",
                d("Feb 2021"),
                (
                    (
                        "Hired 38 engineers in 2023, including backend leads with Python, Django "
                        "and Kubernetes experience"
                    ),
                    (
                        "Redesigned the backend interview loop with the Head of Engineering "
                        "(system design + pairing)"
                    ),
                    "Run hiring-manager calibration sessions",
                ),
            ),
            Job(
                "Recruitment Consultant",
                "Harbor Talent",
                d("Sep 2018", "Jan 2021"),
                (
                    (
                        "Agency recruitment for software roles (Java, .NET, Python) across the "
                        "North West"
                    ),
                ),
            ),
        ),
        education=("BA (Hons) Psychology, University of Leeds, 2018",),
    ),
    Resume(
        id="h08",
        layout="txt",
        name="Chinonso Obi",
        email="chinonso.obi@example.com",
        phone="+234 807 555 0122",
        address="Wuse 2, Abuja",
        headline="Backend Lead",
        summary="9 yrs backend. Python. Payments + logistics.",
        skills=(
            "Python",
            "Django/DRF",
            "FastAPI",
            "Celery",
            "Redis",
            "Postgres",
            "Docker",
            "k8s (GKE)",
            "Prometheus/Grafana",
            "Sentry",
            "Paystack",
            "Stripe",
        ),
        jobs=(
            Job(
                "Backend Lead",
                "Haulr",
                "05/2021 - present",
                (
                    "Team of 5 backend devs.",
                    "Planning w/ PM, MR reviews, releases.",
                    "Celery/Redis pipelines, ~2M jobs/day.",
                    "Paystack + Stripe webhooks. Idempotent, retries.",
                    "dev/staging/prod on GKE.",
                    "FastAPI for 2 internal svcs.",
                    "Mentored 3 juniors -> mid.",
                ),
            ),
            Job(
                "Senior Backend Eng",
                "Haulr",
                "01/2019 - 04/2021",
                (
                    "Django monolith. Postgres tuning.",
                    "On-call. Prometheus alerts.",
                ),
            ),
            Job(
                "Backend Dev",
                "Devcentre (client placement)",
                "2016 - 2018",
                ("Django/Flask for US clients.",),
            ),
            Job(
                "Junior Dev",
                "Techlab NG",
                "2015 - 2016",
                ("PHP, then Python.",),
            ),
        ),
        education=("BSc Computer Science, UNILAG, 2014",),
    ),
    Resume(
        id="h09",
        layout="md",
        name="Mariana Costa",
        email="mariana.costa@example.com",
        phone="+44 7700 900456",
        address="Londres, Reino Unido",
        headline="Tech Lead Backend | Python",
        summary=(
            "Engenheira de software com 9 anos de experiência em backend, focada em sistemas "
            "de pagamento. Há dois anos lidero um time de seis pessoas, com responsabilidade "
            "por arquitetura, entregas e desenvolvimento da equipe."
        ),
        skills=(
            "Python",
            "Django",
            "FastAPI",
            "Celery",
            "RabbitMQ",
            "Redis",
            "PostgreSQL",
            "MongoDB",
            "Kafka",
            "Docker",
            "Kubernetes",
            "AWS",
            "Datadog",
            "Prometheus",
        ),
        jobs=(
            Job(
                "Tech Lead",
                "Pagafácil (remoto)",
                d("jan 2023", "atual"),
                (
                    (
                        "Lidero um time de 6 engenheiros (2 júniores, 3 plenos, 1 sênior) "
                        "responsável pela plataforma de recebimentos via Pix e boleto"
                    ),
                    (
                        "Defini a arquitetura de microsserviços em FastAPI com comunicação "
                        "assíncrona via Kafka"
                    ),
                    (
                        "Reescrevi o processamento de webhooks dos bancos parceiros com "
                        "idempotência, filas no Celery e reprocessamento automático"
                    ),
                    (
                        "Implantei dashboards e alertas no Datadog e no Prometheus; conduzo os "
                        "post-mortems de incidentes"
                    ),
                    "Faço code review, 1:1 quinzenais e planos de desenvolvimento individuais",
                    "Planejamento de sprints e estimativas junto com o PM",
                ),
            ),
            Job(
                "Engenheira de Software Sênior",
                "Pagafácil",
                d("mar 2019", "dez 2022"),
                (
                    "Migração do monólito Django para serviços menores",
                    (
                        "Otimização de consultas no PostgreSQL (redução de 70% no tempo do "
                        "relatório de conciliação)"
                    ),
                    "Ambientes separados de homologação e produção no Kubernetes (EKS)",
                ),
            ),
            Job(
                "Desenvolvedora Python",
                "Agência Vértice",
                d("2016", "2019"),
                (
                    "APIs em Django para clientes do varejo",
                    "Integração com gateways de pagamento",
                ),
            ),
        ),
        education=(
            (
                "Bacharelado em Ciência da Computação, Universidade Federal de Minas Gerais "
                "(UFMG), 2015"
            ),
        ),
    ),
    Resume(
        id="h10",
        layout="jsonresume",
        name="Daniel Okafor",
        email="daniel.okafor@example.com",
        phone="+234 816 555 0144",
        address="Victoria Island, Lagos",
        headline="Enterprise Account Executive, SaaS",
        summary=(
            "Quota-carrying AE with 7 years selling cloud and API products to banks and "
            "fintechs. Comfortable in technical conversations about APIs, webhooks, "
            "Kubernetes and cloud migration, and I work closely with solutions engineers."
        ),
        skills=(
            "Enterprise sales",
            "Salesforce",
            "MEDDIC",
            "Pipeline management",
            "Solution selling",
            "Negotiation",
            "API products",
        ),
        jobs=(
            Job(
                "Enterprise Account Executive",
                "Cloudnest Africa",
                d("Jan 2021"),
                (
                    "Closed ₦1.2bn ARR in FY2023 (128% of quota)",
                    "Sold managed Kubernetes and database services to 14 tier-1 banks",
                    "Led technical discovery with customers' CTOs alongside solutions engineers",
                ),
            ),
            Job(
                "Account Manager",
                "Paylink",
                d("Mar 2018", "Dec 2020"),
                (
                    "Managed 60 merchant accounts integrating our payment APIs and webhooks",
                    "Coordinated go-live checklists with the integration team",
                ),
            ),
        ),
        education=("B.Sc. Marketing, University of Lagos, 2016",),
    ),
    Resume(
        id="h11",
        layout="pdf2col",
        name="Priya Raghavan",
        email="priya.raghavan@example.com",
        phone="+44 7700 900582",
        address="Edgbaston, Birmingham, UK",
        headline="Data Analyst",
        summary=(
            "Data analyst with 5 years turning messy operational data into dashboards people "
            "actually use. Strong SQL, Python for analysis, and a habit of documenting "
            "everything."
        ),
        skills=(
            "SQL",
            "PostgreSQL",
            "Python (pandas)",
            "Tableau",
            "Power BI",
            "dbt",
            "Airflow",
            "Excel",
            "A/B testing",
        ),
        jobs=(
            Job(
                "Senior Data Analyst",
                "Greenbasket Retail",
                d("Aug 2021"),
                (
                    (
                        "Own the weekly trading pack for the commercial team (Tableau, dbt models "
                        "on PostgreSQL)"
                    ),
                    "Built a churn model in Python that the CRM team uses for win-back campaigns",
                    "Mentor two junior analysts",
                ),
            ),
            Job(
                "Data Analyst",
                "Midlands Health Partnership",
                d("Jul 2019", "Jul 2021"),
                (
                    "Waiting-list reporting in SQL Server and Power BI",
                    "Automated monthly returns with Python scripts",
                ),
            ),
        ),
        education=(
            "MSc Data Science, University of Warwick, 2019",
            "BSc Mathematics, University of Mumbai, 2017",
        ),
    ),
    Resume(
        id="h12",
        layout="docx",
        name="Lukas Becker",
        email="lukas.becker@example.com",
        phone="+44 7700 900634",
        address="Bristol, UK",
        headline="Lead Developer (PHP / Laravel)",
        summary=(
            "Lead developer with 8 years on high-traffic e-commerce. I run a team of four, "
            "own our Laravel platform end to end and spend most Black Fridays watching "
            "Horizon dashboards."
        ),
        skills=(
            "PHP 8",
            "Laravel",
            "Laravel Horizon",
            "Redis",
            "MySQL",
            "Docker",
            "AWS",
            "Stripe",
            "Adyen",
            "Vue.js",
            "PHPUnit",
            "GitHub Actions",
        ),
        jobs=(
            Job(
                "Lead Developer",
                "Kettle & Co (online homeware)",
                d("Sep 2020"),
                (
                    (
                        "Lead a team of 4 developers; sprint planning with the product owner and "
                        "code review on every PR"
                    ),
                    (
                        "Own checkout and payments: Stripe and Adyen webhook handling with queued "
                        "retries via Laravel queues on Redis"
                    ),
                    (
                        "Set up docker-compose local environments and separate staging/production "
                        "pipelines in GitHub Actions"
                    ),
                    (
                        "Cut checkout errors by 60% after instrumenting queue failures and adding "
                        "dead-letter handling"
                    ),
                ),
            ),
            Job(
                "Senior PHP Developer",
                "Brightcart Agency",
                d("Feb 2017", "Aug 2020"),
                (
                    "Built Magento and Laravel shops for 20+ clients",
                    "Integrated ERP systems via REST and SOAP",
                ),
            ),
        ),
        education=("BSc Computer Science, University of the West of England, 2016",),
    ),
    Resume(
        id="h13",
        layout="txt",
        name="Ngozi Uche",
        email="ngozi.uche@example.com",
        phone="+234 806 555 0155",
        address="GRA Phase 2, Port Harcourt",
        headline="Python Backend Developer",
        summary=(
            "Backend developer with four years of experience building Django APIs for fintech "
            "and e-commerce products. I enjoy debugging and writing tests."
        ),
        skills=(
            "Python",
            "Django",
            "Django REST Framework",
            "Celery",
            "Redis",
            "PostgreSQL",
            "Docker",
            "Flutterwave API",
            "Git",
            "pytest",
        ),
        jobs=(
            Job(
                "Backend Developer",
                "Moniflo",
                d("February 2022"),
                (
                    "Build and maintain REST APIs for the savings and loans app",
                    (
                        "Implemented Flutterwave payment webhooks and Celery tasks for scheduled "
                        "debits"
                    ),
                    "Write unit and integration tests; coverage went from 40% to 78%",
                    "Take part in code reviews and sprint planning",
                ),
            ),
            Job(
                "Junior Backend Developer",
                "Cartly NG",
                d("June 2021", "January 2022"),
                ("Django admin customisations and bug fixes",),
            ),
        ),
        education=("B.Sc. Computer Science, University of Port Harcourt, 2020",),
    ),
    Resume(
        id="h14",
        layout="md",
        name="Arjun Mehta",
        email="arjun.mehta@example.com",
        phone="+1 555 013 7710",
        address="Seattle, WA",
        headline="Senior Software Engineer, Backend",
        summary=(
            "I've spent the last eight years building Python backends, the kind that sit in "
            "the middle of everything and can't go down. Most of my work is in distributed "
            "systems: event pipelines, idempotent consumers, caching layers and the APIs in "
            "front of them. I prefer to stay hands-on and have deliberately chosen IC roles."
        ),
        skills=(),
        jobs=(
            Job(
                "Senior Software Engineer",
                "Streamline Travel",
                "May 2020 to date",
                (
                    (
                        "I designed and built the fare-caching service that sits between our "
                        "search API and 30+ airline suppliers. It is a FastAPI service backed by "
                        "Redis and DynamoDB that handles about 8k requests per second at peak, "
                        "with stale-while-revalidate semantics so a supplier outage doesn't take "
                        "search down."
                    ),
                    (
                        "When our booking flow started double-charging under retries, I traced it "
                        "to non-idempotent Kafka consumers and redesigned them around an "
                        "idempotency table in Postgres. We haven't had a duplicate since."
                    ),
                    (
                        "I wrote most of our internal API design guide (pagination, error "
                        "envelopes, versioning), which the other backend teams now follow."
                    ),
                    "Services run on Kubernetes in AWS; I carry a pager one week in five.",
                ),
            ),
            Job(
                "Software Engineer II",
                "Ledgerly",
                d("Jun 2017", "Apr 2020"),
                (
                    (
                        "Worked on the Django invoicing monolith, then extracted tax calculation "
                        "into a separate service. Wrote the migration plan and ran the cut-over "
                        "with zero downtime."
                    ),
                ),
            ),
        ),
        education=("B.Tech. Computer Science, IIT Roorkee, 2017",),
    ),
    Resume(
        id="h15",
        layout="jsonresume",
        name="Fatima Bello",
        email="fatima.bello@example.com",
        phone="+44 7700 900777",
        address="Leeds, UK",
        headline="Engineering Manager",
        summary=(
            "Engineering manager with 12 years in software, the last 5 managing managers and "
            "teams. I haven't written production code regularly since 2020; my work is "
            "hiring, team health, delivery and making sure architecture decisions get made "
            "well."
        ),
        skills=(
            "People management",
            "Hiring",
            "OKRs",
            "Agile delivery",
            "Stakeholder management",
            "Incident management",
            "Python",
            "Java",
            "AWS",
        ),
        jobs=(
            Job(
                "Engineering Manager, Platform",
                "Tidewell Insurance",
                d("Jan 2020"),
                (
                    (
                        "Manage three teams (19 engineers) covering policy, claims and platform "
                        "services"
                    ),
                    "Introduced incident reviews and an SLO programme with the SRE team",
                    "Grew two senior engineers into team leads",
                    "Own the engineering budget and quarterly planning with product",
                ),
            ),
            Job(
                "Team Lead",
                "Tidewell Insurance",
                d("Mar 2016", "Dec 2019"),
                (
                    "Led 6 engineers building claims APIs in Java and later Python (Flask)",
                    "Hands-on on the claims-intake service; moved it to AWS ECS",
                ),
            ),
            Job(
                "Software Engineer",
                "Northgate Systems",
                d("Sep 2012", "Feb 2016"),
                ("Java EE development for public-sector clients",),
            ),
        ),
        education=("MEng Computer Science, University of Sheffield, 2012",),
    ),
    Resume(
        id="h16",
        layout="pdf2col",
        name="Mateo Rossi",
        email="mateo.rossi@example.com",
        phone="+1 555 017 3345",
        address="Chicago, IL",
        headline="Staff Engineer / Team Lead, Rails",
        summary=(
            "Nine years of Ruby on Rails, five of them leading a backend team at a "
            "subscription commerce company. Modular monolith fan."
        ),
        skills=(
            "Ruby",
            "Rails",
            "Sidekiq",
            "Redis",
            "PostgreSQL",
            "Docker",
            "AWS",
            "Datadog",
            "Stripe",
            "RSpec",
            "Packwerk",
        ),
        jobs=(
            Job(
                "Staff Engineer & Team Lead",
                "Boxful",
                d("2020"),
                (
                    (
                        "Lead five backend engineers; set technical direction for billing and "
                        "fulfilment"
                    ),
                    (
                        "Split our Rails monolith into Packwerk-enforced components instead of "
                        "microservices; deploys went from weekly to daily"
                    ),
                    "Own Stripe subscription webhooks, dunning and retries in Sidekiq",
                    (
                        "Datadog APM, monitors and runbooks for every critical path; p95 checkout "
                        "latency down 45%"
                    ),
                    "Weekly pairing sessions and review-based mentoring for juniors",
                ),
            ),
            Job(
                "Senior Software Engineer",
                "Boxful",
                d("2018", "2020"),
                ("Built the warehouse integration (EDI plus webhooks)",),
            ),
            Job(
                "Software Engineer",
                "Threadly",
                d("2016", "2018"),
                ("Rails and a bit of React",),
            ),
        ),
        education=("BS Computer Engineering, University of Illinois Urbana-Champaign, 2016",),
    ),
    Resume(
        id="h17",
        layout="docx",
        name="Yuki Tanaka",
        email="yuki.tanaka@example.com",
        phone="+44 7700 900808",
        address="London, UK",
        headline="Principal Engineer / Solutions Architect",
        summary=(
            "Fourteen years designing and building distributed systems, mostly in Python and "
            "Go. I've led platform teams through monolith-to-microservices migrations twice "
            "and I still write code most weeks."
        ),
        skills=(
            "Python",
            "FastAPI",
            "Go",
            "Kafka",
            "Flink",
            "PostgreSQL",
            "Cassandra",
            "MongoDB",
            "Redis",
            "Kubernetes",
            "AWS",
            "GCP",
            "Terraform",
            "Kong",
            "OAuth2/OIDC",
            "Prometheus",
            "Grafana",
            "ELK",
            "DDD",
            "Event sourcing",
        ),
        jobs=(
            Job(
                "Principal Engineer",
                "Meridian Analytics (B2B SaaS)",
                d("Jun 2019"),
                (
                    (
                        "Lead the platform group (two teams, 11 engineers) responsible for "
                        "ingestion, identity and multi-tenant data services"
                    ),
                    (
                        "Designed an event-driven architecture on Kafka and Flink that processes "
                        "~4bn events/day with exactly-once sinks to Cassandra"
                    ),
                    (
                        "Led the migration from a Django monolith to 20+ FastAPI and Go services "
                        "organised by bounded context; ran the strangler-fig plan over 18 months"
                    ),
                    (
                        "Built the API gateway layer on Kong with OAuth2/OIDC, JWT validation and "
                        "per-tenant rate limits"
                    ),
                    (
                        "Defined architecture standards, the RFC process and the reliability "
                        "review; chair the weekly design review"
                    ),
                    "Prometheus/Grafana SLOs and ELK for logs across all services",
                ),
            ),
            Job(
                "Tech Lead",
                "Harbourline Trading Systems",
                d("Apr 2014", "May 2019"),
                (
                    "Led 5 engineers on the market-data distribution system (Python, C++, ZeroMQ)",
                    "Cut fan-out latency by 60% through batching and lock-free queues",
                ),
            ),
            Job(
                "Software Engineer",
                "Fujinet Solutions, Tokyo",
                d("Apr 2011", "Mar 2014"),
                ("Java and Python for telecom billing",),
            ),
        ),
        education=("MSc Computer Science, University of Tokyo, 2011",),
    ),
    Resume(
        id="h18",
        layout="txt",
        name="Aisha Mohammed",
        email="aisha.mohammed@example.com",
        phone="+234 805 555 0166",
        address="Nassarawa GRA, Kano",
        headline="Computer Science Graduate | Aspiring Backend Engineer",
        summary=(
            "Recent first-class graduate looking for an entry-level backend role. Final-year "
            "project: a FastAPI hospital appointment system with JWT authentication and "
            "PostgreSQL."
        ),
        skills=(
            "Python",
            "FastAPI",
            "Django",
            "Flask",
            "SQL",
            "PostgreSQL",
            "MongoDB",
            "Docker",
            "Git",
            "Linux",
            "HTML",
            "CSS",
            "JavaScript",
            "C++",
            "Java",
            "Machine Learning",
            "TensorFlow",
        ),
        jobs=(
            Job(
                "Software Engineering Intern",
                "Gidan Tech Hub",
                d("Jul 2023", "Oct 2023"),
                (
                    "Built a small Flask dashboard for tracking hub members",
                    "Learned Docker and Git workflows",
                ),
            ),
            Job(
                "Lead, Developer Student Club",
                "Bayero University Kano",
                d("2022", "2023"),
                ("Organised workshops on Python and cloud basics for 200+ students",),
            ),
        ),
        education=("B.Sc. Computer Science (First Class), Bayero University Kano, 2024",),
    ),
    Resume(
        id="h19",
        layout="md",
        name="Samuel Mensah",
        email="samuel.mensah@example.com",
        phone="+234 818 555 0107",
        address="Yaba, Lagos",
        headline="Backend Team Lead | Node.js / TypeScript",
        summary=(
            "Seven years in backend engineering, three leading a team. Most of my work is "
            "payments and lending in Node.js/TypeScript, with some Python along the way."
        ),
        skills=(
            "Node.js",
            "TypeScript",
            "NestJS",
            "Express",
            "BullMQ",
            "Redis",
            "PostgreSQL",
            "Prisma",
            "Docker",
            "AWS",
            "Grafana",
            "Python (Django, scripts)",
            "Paystack",
            "Mono API",
        ),
        jobs=(
            Job(
                "Backend Team Lead",
                "Lendstack",
                d("Jun 2022"),
                (
                    (
                        "Lead four backend engineers; I run sprint planning with the PM and own "
                        "the release calendar"
                    ),
                    (
                        "Designed our queue architecture on BullMQ and Redis for loan "
                        "disbursement and repayment collection"
                    ),
                    (
                        "Paystack and Mono webhook integrations with signature verification, "
                        "replay protection and retries"
                    ),
                    "Set up staging/production separation and preview environments on AWS ECS",
                    "Introduced Grafana dashboards and alerting on queue depth and failed jobs",
                ),
            ),
            Job(
                "Backend Engineer",
                "Lendstack",
                d("Jan 2020", "May 2022"),
                (
                    "Maintained a Django back-office service and several Python ETL scripts",
                    "Built the credit-scoring API in NestJS",
                ),
            ),
            Job(
                "Software Developer",
                "Paywave Ghana",
                d("Mar 2018", "Dec 2019"),
                ("Express APIs for mobile-money integrations",),
            ),
        ),
        education=("BSc Computer Engineering, University of Ghana, 2017",),
    ),
    Resume(
        id="h20",
        layout="jsonresume",
        name="Claire Dubois",
        email="claire.dubois@example.com",
        phone="+44 7700 900247",
        address="Londres, Royaume-Uni",
        headline="Développeuse Backend Python / Django",
        summary=(
            "Développeuse backend depuis 5 ans, spécialisée en Python et Django pour des "
            "plateformes e-commerce. Référente technique de l'équipe backend depuis 2023 : "
            "j'accompagne deux développeurs juniors et je relis la plupart des merge requests."
        ),
        skills=(
            "Python",
            "Django",
            "Django REST Framework",
            "Celery",
            "Redis",
            "PostgreSQL",
            "Docker",
            "docker-compose",
            "Stripe",
            "GitLab CI",
            "Sentry",
        ),
        jobs=(
            Job(
                "Développeuse Backend",
                "Maison Lumen (e-commerce)",
                d("sept. 2021", "aujourd'hui"),
                (
                    "Conception des API de catalogue et de commande (Django REST Framework)",
                    (
                        "Mise en place des tâches asynchrones avec Celery et Redis (exports, "
                        "e-mails, synchronisation des stocks)"
                    ),
                    (
                        "Intégration des webhooks Stripe avec gestion des relances et de "
                        "l'idempotence"
                    ),
                    (
                        "Référente technique : revue de code, accompagnement de deux juniors, "
                        "rédaction des conventions de l'équipe"
                    ),
                    "Séparation des environnements de recette et de production dans GitLab CI",
                ),
            ),
            Job(
                "Développeuse Python",
                "Agence Pixelis",
                d("janv. 2020", "août 2021"),
                (
                    "Développement de sites Django pour des clients du secteur culturel",
                    "Maintenance d'une application Flask interne",
                ),
            ),
        ),
        education=("Master Informatique, Université Claude Bernard Lyon 1, 2019",),
    ),
    Resume(
        id="h21",
        layout="pdf2col",
        name="Hyun-woo Park",
        email="hyunwoo.park@example.com",
        phone="+1 555 012 6617",
        address="Boston, MA",
        headline="Backend Lead (.NET / Azure)",
        summary=(
            "Ten years building healthcare software in C#/.NET; four years leading a backend "
            "team on a multi-tenant, HIPAA-compliant care-coordination SaaS."
        ),
        skills=(
            "C#",
            ".NET 8",
            "ASP.NET Core",
            "Azure",
            "AKS",
            "Service Bus",
            "SQL Server",
            "Cosmos DB",
            "Redis",
            "App Insights",
            "Terraform",
            "OAuth2",
            "HL7 FHIR",
        ),
        jobs=(
            Job(
                "Backend Lead",
                "CareBridge Software",
                d("Jul 2021"),
                (
                    "Lead six backend engineers; own the architecture of 14 services on AKS",
                    (
                        "Designed tenant isolation with per-tenant databases and Azure Key Vault "
                        "keys (HIPAA, HITRUST)"
                    ),
                    (
                        "Azure Service Bus event choreography between scheduling, billing and "
                        "messaging services"
                    ),
                    (
                        "App Insights and Grafana dashboards plus on-call runbooks; lead incident "
                        "post-mortems"
                    ),
                    "Mentor engineers and run architecture reviews",
                ),
            ),
            Job(
                "Senior Software Engineer",
                "CareBridge Software",
                d("Sep 2018", "Jun 2021"),
                (
                    "FHIR APIs for EHR integrations",
                    "Migrated on-prem SQL Server to Azure SQL",
                ),
            ),
            Job(
                "Software Engineer",
                "Meditrack",
                d("Jun 2015", "Aug 2018"),
                ("WCF and ASP.NET MVC development",),
            ),
        ),
        education=("BS Computer Science, Boston University, 2015",),
    ),
    Resume(
        id="h22",
        layout="docx",
        name="Grace Wanjiru",
        email="grace.wanjiru@example.com",
        phone="+44 7700 900356",
        address="Reading, UK",
        headline="Technical Project Manager / Scrum Master",
        summary=(
            "Certified Scrum Master with 8 years delivering software projects. I run sprint "
            "planning, track milestones and keep engineering and business stakeholders "
            "aligned."
        ),
        skills=(
            "Scrum",
            "Kanban",
            "Jira",
            "Confluence",
            "Risk management",
            "Stakeholder communication",
            "PRINCE2",
            "Budgeting",
        ),
        jobs=(
            Job(
                "Technical Project Manager",
                "Fintrail",
                d("Apr 2020"),
                (
                    (
                        "Run sprint planning and milestone tracking for three squads (Django "
                        "backend, React frontend, mobile)"
                    ),
                    "Coordinate UAT and release readiness for client demos",
                    "Maintain RAID logs and report delivery status to the leadership team",
                ),
            ),
            Job(
                "Project Coordinator",
                "Summit IT Services",
                d("Jan 2017", "Mar 2020"),
                (
                    "Coordinated ERP rollout projects",
                    "Managed vendor timelines",
                ),
            ),
        ),
        education=(
            "BA Business Administration, University of Nairobi, 2016",
            "Professional Scrum Master I",
        ),
    ),
    Resume(
        id="h23",
        layout="txt",
        name="Oleksandr Kovalenko",
        email="oleksandr.kovalenko@example.com",
        phone="+44 7700 900901",
        address="Kraków, Poland",
        headline="Senior Python Engineer / Team Lead",
        summary=(
            "10 years of Python. High-load adtech and marketplaces. Last two years leading a "
            "small backend team."
        ),
        skills=(
            "Python",
            "FastAPI",
            "Flask",
            "aiohttp",
            "Celery",
            "RabbitMQ",
            "Redis",
            "PostgreSQL",
            "ClickHouse",
            "MongoDB",
            "Docker",
            "Kubernetes",
            "AWS",
            "Prometheus",
            "Grafana",
            "Kafka",
        ),
        jobs=(
            Job(
                "Team Lead (Backend)",
                "Bidscope",
                d("2023", "now"),
                (
                    "Lead 3 backend engineers: planning, code review, hiring",
                    "Own bidder and reporting services (FastAPI, Kafka, ClickHouse)",
                    "Prometheus/Grafana alerting, on-call",
                ),
            ),
            Job(
                "Senior Python Engineer",
                "Bidscope",
                d("2019", "2023"),
                (
                    "Real-time bidding service at 150k QPS with p99 under 40ms",
                    "Moved batch jobs from cron to Celery on RabbitMQ, later to Kafka consumers",
                    "Partner integrations via callbacks/webhooks with retry queues",
                    "Migrated from EC2 to EKS",
                ),
            ),
            Job(
                "Python Developer",
                "Marketly",
                d("2015", "2019"),
                (
                    "Flask/Django services for a marketplace; MongoDB and PostgreSQL",
                    "Docker-based dev/stage/prod environments",
                ),
            ),
        ),
        education=("MSc Applied Mathematics, Kyiv Polytechnic Institute, 2015",),
    ),
    Resume(
        id="h24",
        layout="md",
        name="Zainab Abdullahi",
        email="zainab.abdullahi@example.com",
        phone="+234 812 555 0177",
        address="Barnawa, Kaduna",
        headline="Technical Support Engineer",
        summary=(
            "Customer-focused support engineer with 3 years at a B2B SaaS company. I triage "
            "tickets, reproduce bugs, read logs and write clear escalations for engineering."
        ),
        skills=(
            "Zendesk",
            "Jira",
            "SQL",
            "Postman",
            "Kibana",
            "Python (basic scripting)",
            "REST APIs",
            "Customer communication",
        ),
        jobs=(
            Job(
                "Technical Support Engineer (Tier 2)",
                "Payrollify",
                d("Aug 2022"),
                (
                    "Handle ~40 tickets a week from HR and finance customers",
                    "Query PostgreSQL read replicas to investigate data issues",
                    (
                        "Search logs in Kibana for failed webhook deliveries and escalate with "
                        "reproduction steps"
                    ),
                    "Wrote Python scripts to bulk-fix customer CSV imports",
                ),
            ),
            Job(
                "Customer Support Associate",
                "Payrollify",
                d("Jan 2022", "Jul 2022"),
                ("Phone and email support",),
            ),
        ),
        education=("B.Sc. Physics, Ahmadu Bello University, 2020",),
    ),
    Resume(
        id="h25",
        layout="jsonresume",
        name="Ben Goldberg",
        email="ben.goldberg@example.com",
        phone="+1 555 011 4040",
        address="Brooklyn, NY",
        headline="Principal Engineer",
        summary="15 yrs. Backend + distributed systems. Python, Go.",
        skills=(
            "Python",
            "Go",
            "Postgres",
            "Cassandra",
            "Kafka",
            "k8s",
            "AWS",
            "Terraform",
            "Prometheus",
        ),
        jobs=(
            Job(
                "Principal Engineer",
                "Quillworks (multi-tenant B2B SaaS)",
                d("2019"),
                (
                    "Led platform org, 12 eng / 3 teams.",
                    "Tenant sharding, Postgres -> Citus.",
                    "k8s on EKS. TF.",
                    "SLOs, Prometheus, on-call.",
                    "Mentoring, hiring, design review.",
                ),
            ),
            Job(
                "Tech Lead",
                "Quillworks",
                d("2015", "2019"),
                (
                    "Python services. Kafka pipelines.",
                    "Team of 6.",
                ),
            ),
            Job(
                "Software Engineer",
                "Gridline",
                d("2010", "2015"),
                ("Go + Python. Cassandra.",),
            ),
        ),
        education=("BS CS, Cornell",),
    ),
    Resume(
        id="h26",
        layout="pdf2col",
        name="Chiamaka Obiora",
        email="chiamaka.obiora@example.com",
        phone="+234 813 555 0188",
        address="Bodija, Ibadan",
        headline="Junior Software Developer (Career Changer)",
        summary=(
            "After six years as a site engineer in construction, I retrained as a developer "
            "in 2023. I bring project discipline, stakeholder management and a fresh set of "
            "Django skills."
        ),
        skills=(
            "Python",
            "Django",
            "HTML/CSS",
            "JavaScript",
            "SQLite",
            "Git",
            "AutoCAD",
            "Project planning",
        ),
        jobs=(
            Job(
                "Junior Developer",
                "Buildtrack",
                d("Jan 2024"),
                (
                    "Django features for a construction-progress tracking app",
                    "Wrote tests and fixed bugs",
                ),
            ),
            Job(
                "Site Engineer",
                "Adeola Construction Ltd",
                d("2017", "2023"),
                (
                    "Supervised crews of up to 30 on commercial builds",
                    "Managed schedules and subcontractor coordination",
                ),
            ),
        ),
        education=(
            "Software Engineering Bootcamp, Codelab Academy, 2023",
            "B.Eng. Civil Engineering, University of Ibadan, 2016",
        ),
    ),
    Resume(
        id="h27",
        layout="docx",
        name="Musa Ibrahim",
        email="musa.ibrahim@example.com",
        phone="+234 701 555 0102",
        address="Garki, Abuja",
        headline="Backend Developer",
        summary="",
        skills=(
            "Python",
            "Django",
        ),
        jobs=(
            Job(
                "Backend Developer",
                "Kasuwa Online",
                "2019 - present",
                ("APIs and admin.",),
            ),
        ),
    ),
    Resume(
        id="h28",
        layout="txt",
        name="Elena Petrova",
        email="elena.petrova@example.com",
        phone="+44 7700 900612",
        address="Edinburgh, UK",
        headline="Backend Team Lead",
        summary=(
            "Backend engineer for eight years: four in Python/Django, four in Go. Team lead "
            "for the last two, at a payments company, with a team of five."
        ),
        skills=(
            "Go",
            "Python",
            "Django",
            "Celery",
            "gRPC",
            "NATS",
            "Kafka",
            "PostgreSQL",
            "Redis",
            "Docker",
            "Kubernetes",
            "GCP",
            "Prometheus",
            "Grafana",
            "OpenTelemetry",
        ),
        jobs=(
            Job(
                "Backend Team Lead",
                "Thistle Payments",
                d("Mar 2023"),
                (
                    (
                        "Lead 5 engineers on the merchant acquiring platform (Go microservices, "
                        "gRPC, Kafka)"
                    ),
                    (
                        "Own delivery planning with product and our engineering manager; run "
                        "design reviews"
                    ),
                    (
                        "Brought in OpenTelemetry tracing and SLO-based alerting; incident count "
                        "halved year on year"
                    ),
                    "Mentoring: weekly 1:1s, review guidelines, pairing rotation for juniors",
                ),
            ),
            Job(
                "Senior Backend Engineer",
                "Thistle Payments",
                d("Jan 2021", "Feb 2023"),
                (
                    (
                        "Rewrote card-scheme webhook ingestion in Go with at-least-once delivery "
                        "and dedupe"
                    ),
                    "Postgres partitioning for the transactions table (3bn rows)",
                ),
            ),
            Job(
                "Python Developer",
                "Northlight Media",
                d("Sep 2017", "Dec 2020"),
                (
                    "Django, Celery and Redis for a publishing platform",
                    "Docker-based environments, Jenkins pipelines",
                ),
            ),
        ),
        education=("MSc Software Engineering, University of Edinburgh, 2017",),
    ),
    Resume(
        id="h29",
        layout="md",
        name="Kemi Adebayo",
        email="kemi.adebayo@example.com",
        phone="+234 809 555 0133",
        address="Yaba, Lagos",
        headline="Frontend Engineering Lead",
        summary=(
            "Frontend lead with 8 years in React and TypeScript. I lead a team of five, care "
            "about design systems and performance, and I'm comfortable in Node for our "
            "backend-for-frontend layer."
        ),
        skills=(),
        jobs=(
            Job(
                "Frontend Engineering Lead",
                "Shopwise",
                d("Oct 2021"),
                (
                    "Lead 5 frontend engineers: sprint planning, reviews and hiring",
                    "Built the design system used across the web and admin apps",
                    "Own the Node.js/GraphQL BFF that aggregates backend APIs for the web app",
                    "Improved LCP from 4.1s to 1.6s",
                ),
            ),
            Job(
                "Senior Frontend Engineer",
                "Shopwise",
                d("Jan 2019", "Sep 2021"),
                ("Next.js storefront, React Query, Jest and Cypress",),
            ),
            Job(
                "Frontend Developer",
                "Webcraft Studio",
                d("Jun 2017", "Dec 2018"),
                ("Agency websites in React and jQuery",),
            ),
        ),
        education=("B.Sc. Computer Science, Covenant University, 2016",),
    ),
    Resume(
        id="h30",
        layout="jsonresume",
        name="Thomas Nguyen",
        email="thomas.nguyen@example.com",
        phone="+1 555 016 2288",
        address="San Jose, CA",
        headline="SRE Lead",
        summary=(
            "Site reliability lead with 9 years in infrastructure and operations. I lead the "
            "team that keeps a multi-tenant SaaS up: Kubernetes, Terraform, observability and "
            "incident response."
        ),
        skills=(
            "Kubernetes",
            "Terraform",
            "AWS",
            "Prometheus",
            "Grafana",
            "Loki",
            "ELK",
            "PagerDuty",
            "Python",
            "Bash",
            "ArgoCD",
            "Istio",
            "Vault",
        ),
        jobs=(
            Job(
                "SRE Lead",
                "Brightpath Learning",
                d("Feb 2021"),
                (
                    "Lead a team of 4 SREs supporting 60 engineers",
                    "Built the Prometheus/Grafana/Loki stack and SLO reporting",
                    "Rolled out Istio service mesh and mTLS across 40 services",
                    "Incident commander; wrote the post-mortem process",
                    "Terraform modules for multi-region EKS and disaster-recovery drills",
                ),
            ),
            Job(
                "DevOps Engineer",
                "Brightpath Learning",
                d("Jun 2018", "Jan 2021"),
                (
                    "CI/CD with Jenkins, then GitHub Actions and ArgoCD",
                    "Python tooling for cost reporting",
                ),
            ),
            Job(
                "Systems Administrator",
                "Pacific Data Centers",
                d("Jul 2016", "May 2018"),
                ("Linux, VMware, on-call",),
            ),
        ),
        education=("BS Information Technology, San Jose State University, 2016",),
    ),
    Resume(
        id="h31",
        layout="pdf2col",
        name="Amara Nwachukwu",
        email="amara.nwachukwu@example.com",
        phone="+234 805 555 0112",
        address="Allen Avenue, Ikeja, Lagos",
        headline="Backend Lead (Python/FastAPI)",
        summary=(
            "Backend lead at a payments startup. 6 years in Python; I lead three engineers "
            "and own the APIs, workers and integrations that move money."
        ),
        skills=(
            "Python",
            "FastAPI",
            "SQLAlchemy",
            "Dramatiq",
            "Redis",
            "PostgreSQL",
            "Docker Compose",
            "Monnify",
            "Paystack",
            "GitHub Actions",
            "Sentry",
        ),
        jobs=(
            Job(
                "Backend Lead",
                "Trustfund Pay",
                d("Apr 2022"),
                (
                    (
                        "Lead 3 backend engineers; sprint planning with the PM, breaking "
                        "milestones into tickets"
                    ),
                    "Approve all backend pull requests",
                    (
                        "Designed Dramatiq workers on Redis for settlements, with retries, "
                        "dead-letter queues and alerting"
                    ),
                    (
                        "Monnify and Paystack webhooks: signature validation, idempotency, replay "
                        "tooling"
                    ),
                    (
                        "Local, staging and production pipeline with docker-compose and GitHub "
                        "Actions environments"
                    ),
                    "Prepared and ran investor demos end to end",
                ),
            ),
            Job(
                "Backend Developer",
                "Savvy Wallet",
                d("Jan 2019", "Mar 2022"),
                (
                    "FastAPI and Flask services",
                    "PostgreSQL schema design for ledgers",
                ),
            ),
        ),
        education=("B.Sc. Computer Science, Lagos State University, 2018",),
    ),
    Resume(
        id="h32",
        layout="docx",
        name="David Levi",
        email="david.levi@example.com",
        phone="+44 7700 900433",
        address="Cambridge, UK",
        headline="Machine Learning Engineer",
        summary=(
            "ML engineer with 7 years taking models from notebooks to production. I build "
            "feature pipelines, training workflows and model-serving APIs."
        ),
        skills=(
            "Python",
            "PyTorch",
            "scikit-learn",
            "FastAPI",
            "MLflow",
            "Kubeflow",
            "Airflow",
            "AWS SageMaker",
            "Docker",
            "Kubernetes",
            "PostgreSQL",
            "Feast",
        ),
        jobs=(
            Job(
                "Senior ML Engineer",
                "Vitalis AI",
                d("Mar 2021"),
                (
                    "Serve risk models via FastAPI on Kubernetes with canary releases",
                    "Built the MLOps pipeline (Kubeflow, MLflow) for HIPAA-scoped data",
                    "Agree model API contracts with the backend team",
                ),
            ),
            Job(
                "Data Scientist",
                "Quantis Insurance",
                d("Sep 2018", "Feb 2021"),
                ("Pricing models and experimentation",),
            ),
        ),
        education=("PhD Statistics, University of Cambridge, 2018",),
    ),
    Resume(
        id="h33",
        layout="txt",
        name="Laura Jiménez",
        email="laura.jimenez@example.com",
        phone="+44 7700 900765",
        address="London, UK",
        headline="QA Automation Engineer",
        summary=(
            "QA automation engineer with 6 years building test frameworks for web and API products."
        ),
        skills=(
            "Python",
            "pytest",
            "Selenium",
            "Playwright",
            "Postman",
            "JMeter",
            "Jenkins",
            "Docker",
            "SQL",
        ),
        jobs=(
            Job(
                "Senior QA Automation Engineer",
                "Fernhill Bank",
                "05/2021 - present",
                (
                    "Built a pytest-based API regression suite (1,800 tests) running in Jenkins",
                    "Load tests with JMeter before major releases",
                    "Mentor two manual testers moving into automation",
                ),
            ),
            Job(
                "QA Engineer",
                "Sportify Media",
                "09/2018 - 04/2021",
                ("Selenium UI tests and manual exploratory testing",),
            ),
        ),
        education=("Grado en Ingeniería Informática, Universidad Politécnica de Madrid, 2018",),
    ),
    Resume(
        id="h34",
        layout="md",
        name="Emeka Nnamdi",
        email="emeka.nnamdi@example.com",
        phone="+234 803 555 0128",
        address="Gwarinpa, Abuja",
        headline="Backend Lead | Flask, RQ, Payments",
        summary=(
            "I am a backend engineer with six years of professional experience and two years "
            "as the lead of a small backend team at a Nigerian e-commerce company. I have a "
            "strong sense of ownership: when something breaks at 2 a.m., I'm the person who "
            "knows where to look and who makes sure it doesn't happen again."
        ),
        skills=(),
        jobs=(
            Job(
                "Backend Lead",
                "Jumbocart",
                d("Jan 2023"),
                (
                    (
                        "I lead a team of three backend engineers and work hand in hand with our "
                        "product manager on sprint planning, milestone breakdown and release "
                        "dates. Every backend merge request goes through my review before it "
                        "reaches staging."
                    ),
                    (
                        "I redesigned how we process payments: Paystack and Stripe webhooks now "
                        "land in a thin Flask endpoint, are verified and stored, and are "
                        "processed by RQ workers on Redis with retries and a dead-letter queue. "
                        "Reconciliation mismatches fell from dozens a week to almost none."
                    ),
                    (
                        "I set up proper environment separation (local docker-compose, a staging "
                        "stack that mirrors production, and production) with separate secrets and "
                        "feature flags, which ended the 'works on my machine' releases before "
                        "client demos."
                    ),
                    (
                        "I introduced structured logging and Grafana dashboards for queue depth "
                        "and failure rates, and I run a short weekly error review with the team."
                    ),
                ),
            ),
            Job(
                "Backend Engineer",
                "Jumbocart",
                d("Mar 2020", "Dec 2022"),
                (
                    (
                        "I built the order-management APIs in Flask and MySQL and wrote our first "
                        "background-job system using RQ for invoice generation and SMS "
                        "notifications."
                    ),
                ),
            ),
            Job(
                "Junior Developer",
                "Bitfarm Solutions",
                d("Feb 2019", "Feb 2020"),
                (
                    (
                        "I worked on PHP and Python websites for small businesses and learned to "
                        "deploy on Linux servers."
                    ),
                ),
            ),
        ),
        education=("B.Eng. Computer Engineering, Federal University of Technology Owerri, 2018",),
    ),
    Resume(
        id="h35",
        layout="jsonresume",
        name="Nadia Haddad",
        email="nadia.haddad@example.com",
        phone="+44 7700 900598",
        address="Manchester, UK",
        headline="Freelance Django Developer",
        summary=(
            "Independent Django developer for 9 years. I build and maintain web applications "
            "for small businesses and charities, usually as the only developer on the project."
        ),
        skills=(
            "Python",
            "Django",
            "Celery",
            "PostgreSQL",
            "Redis",
            "Docker",
            "Wagtail",
            "HTMX",
            "Heroku",
            "DigitalOcean",
        ),
        jobs=(
            Job(
                "Freelance Django Developer",
                "Self-employed",
                d("Jun 2018"),
                (
                    "Built and maintain 15+ Django/Wagtail sites and booking systems for clients",
                    "Celery tasks for email campaigns and nightly imports",
                    "Stripe and GoCardless payment integrations",
                    "Handle hosting, backups and upgrades for all clients",
                ),
            ),
            Job(
                "Web Developer",
                "Northern Arts Trust",
                d("Sep 2016", "May 2018"),
                ("Django CMS and event ticketing",),
            ),
        ),
        education=("BSc Computer Science, University of Salford, 2016",),
    ),
    Resume(
        id="h36",
        layout="pdf2col",
        name="Pedro Alves",
        email="pedro.alves@example.com",
        phone="+44 7700 900141",
        address="Dublin, Ireland",
        headline="Backend Engineer (Kotlin/Java)",
        summary="Backend engineer with 5 years on JVM services for e-commerce and travel.",
        skills=(
            "Kotlin",
            "Java",
            "Spring Boot",
            "PostgreSQL",
            "Kafka",
            "AWS",
            "Docker",
            "JUnit",
        ),
        jobs=(
            Job(
                "Backend Engineer",
                "Wanderly",
                d("Feb 2022"),
                (
                    "Kotlin/Spring services for hotel availability",
                    "Kafka consumers for price updates",
                ),
            ),
            Job(
                "Junior Java Developer",
                "Celtic Retail Systems",
                d("Jul 2020", "Jan 2022"),
                ("Spring Boot REST APIs",),
            ),
        ),
        education=("BSc Software Engineering, Universidade do Minho, 2020",),
    ),
    Resume(
        id="h37",
        layout="docx",
        name="Hannah Schmidt",
        email="hannah.schmidt@example.com",
        phone="+44 7700 900276",
        address="London, UK",
        headline="Senior Product Designer",
        summary=(
            "Product designer with 7 years in B2B SaaS. I work closely with engineering on "
            "API-driven features, design systems and accessibility."
        ),
        skills=(
            "Figma",
            "User research",
            "Design systems",
            "Prototyping",
            "Accessibility (WCAG)",
            "Workshop facilitation",
        ),
        jobs=(
            Job(
                "Senior Product Designer",
                "Ledgerline",
                d("Mar 2021"),
                (
                    "Lead design for the payments dashboard used by 3,000 merchants",
                    (
                        "Partner with backend engineers on webhook configuration UX and API key "
                        "management flows"
                    ),
                    "Mentor two junior designers",
                ),
            ),
            Job(
                "Product Designer",
                "Formwise",
                d("Jan 2018", "Feb 2021"),
                ("Design system and onboarding flows",),
            ),
        ),
        education=("BA Interaction Design, Hochschule für Gestaltung Schwäbisch Gmünd, 2017",),
    ),
    Resume(
        id="h38",
        layout="txt",
        name="Ravi Shankar",
        email="ravi.shankar@example.com",
        phone="+1 555 015 7781",
        address="Toronto, ON",
        headline="Backend Tech Lead, Multi-tenant SaaS",
        summary=(
            "12 years of backend development in Python; 5 years as tech lead for a B2B HR "
            "platform serving 2,000+ tenant companies. I own architecture, production "
            "stability and a team of seven."
        ),
        skills=(
            "Python",
            "Django",
            "FastAPI",
            "Celery",
            "Redis",
            "PostgreSQL",
            "MongoDB",
            "Elasticsearch",
            "Azure (AKS, Service Bus)",
            "Docker",
            "Kubernetes",
            "Helm",
            "ELK",
            "Grafana",
            "GraphQL",
            "OAuth2",
            "JWT",
        ),
        jobs=(
            Job(
                "Backend Tech Lead",
                "PeopleGrid",
                d("January 2020"),
                (
                    (
                        "Lead 7 backend engineers: hiring, mentoring, performance reviews, sprint "
                        "planning with product"
                    ),
                    (
                        "Designed the multi-tenant data model (shared schema with row-level "
                        "security in PostgreSQL, dedicated databases for enterprise tenants)"
                    ),
                    (
                        "Moved from a single Django app to Django + FastAPI services on AKS with "
                        "Helm; blue/green deploys across dev, staging and prod"
                    ),
                    (
                        "Run on-call and post-mortems; ELK and Grafana dashboards with alerting "
                        "on tenant-level SLOs"
                    ),
                    "Built the GraphQL API and WebSocket notifications for the new frontend",
                    (
                        "Worked with the AI team to put LLM-based CV parsing and job matching "
                        "behind an internal inference API; handled PII redaction and GDPR/SOC 2 "
                        "controls"
                    ),
                    "Celery/Redis for payroll runs and Stripe billing webhooks",
                ),
            ),
            Job(
                "Senior Software Engineer",
                "PeopleGrid",
                d("March 2016", "December 2019"),
                ("Django REST APIs, Celery pipelines, MongoDB for audit logs",),
            ),
            Job(
                "Software Engineer",
                "Infotrack Systems",
                d("July 2013", "February 2016"),
                ("Python and Java web services",),
            ),
        ),
        education=("B.E. Computer Science, Anna University, 2013",),
    ),
    Resume(
        id="h39",
        layout="md",
        name="Joy Okoro",
        email="joy.okoro@example.com",
        phone="+234 802 555 0161",
        address="GRA, Benin City",
        headline="Node.js Developer",
        summary="Backend developer with 3 years of experience in Node.js and MongoDB.",
        skills=(
            "Node.js",
            "Express",
            "MongoDB",
            "Mongoose",
            "JavaScript",
            "REST",
            "Postman",
            "Heroku",
        ),
        jobs=(
            Job(
                "Backend Developer",
                "Ridepal",
                d("Jan 2023"),
                (
                    "Express APIs for the driver app",
                    "MongoDB aggregation pipelines for reports",
                ),
            ),
            Job(
                "Junior Developer",
                "Webhub NG",
                d("Mar 2022", "Dec 2022"),
                ("Node.js APIs for small clients",),
            ),
        ),
        education=("B.Sc. Computer Science, University of Benin, 2021",),
    ),
    Resume(
        id="h40",
        layout="jsonresume",
        name="Ahmed Salah",
        email="ahmed.salah@example.com",
        phone="+44 7700 900384",
        address="Manchester, UK",
        headline="Senior Backend Engineer / Tech Lead, Python",
        summary=(
            "Python backend engineer with 8 years of experience designing APIs and "
            "distributed services. Recently stepped into a tech lead role for a team of four."
        ),
        skills=(
            "Python",
            "FastAPI",
            "Django",
            "asyncio",
            "RabbitMQ",
            "Celery",
            "Kafka",
            "PostgreSQL",
            "MySQL",
            "MongoDB",
            "Redis",
            "Keycloak",
            "OAuth2",
            "JWT",
            "Kong",
            "Docker",
            "Kubernetes",
            "AWS",
            "DDD",
            "Grafana",
        ),
        jobs=(
            Job(
                "Tech Lead",
                "Routefleet",
                d("Jul 2024"),
                (
                    "Lead 4 engineers on the fleet-telematics platform",
                    "Drive design reviews and architecture decisions",
                ),
            ),
            Job(
                "Senior Backend Engineer",
                "Routefleet",
                d("Feb 2020", "Jun 2024"),
                (
                    (
                        "Designed FastAPI microservices for vehicle telemetry with RabbitMQ and "
                        "Kafka (~20k events/sec)"
                    ),
                    (
                        "Implemented OAuth2/OIDC with Keycloak, JWT validation and rate limiting "
                        "at the Kong gateway"
                    ),
                    (
                        "Led the strangler migration of the Django monolith into domain services "
                        "(DDD, hexagonal architecture)"
                    ),
                    "Query optimisation on PostgreSQL and MySQL; MongoDB for device state",
                ),
            ),
            Job(
                "Backend Developer",
                "Nilesoft",
                d("Sep 2017", "Jan 2020"),
                (
                    "Django REST APIs and Celery workers",
                    "Docker and AWS deployments",
                ),
            ),
        ),
        education=("B.Sc. Computer Engineering, Cairo University, 2017",),
    ),
    Resume(
        id="h41",
        layout="pdf2col",
        name="Li Wei",
        email="li.wei@example.com",
        phone="+1 555 017 9090",
        address="Sunnyvale, CA",
        headline="Senior Software Engineer, Storage",
        summary=(
            "Nine years on distributed storage and infrastructure. Tech lead for a team of "
            "four on the metadata service."
        ),
        skills=(
            "C++",
            "Go",
            "Java",
            "Python (tooling)",
            "Raft",
            "RocksDB",
            "Kubernetes",
            "Prometheus",
            "Linux",
        ),
        jobs=(
            Job(
                "Senior Software Engineer (TL)",
                "Cobalt Storage",
                d("2021"),
                (
                    "Tech lead for 4 engineers on the metadata service (Go, Raft, RocksDB)",
                    "Led the redesign that raised metadata throughput 5x",
                    "On-call and performance investigations with pprof and Prometheus",
                    "Mentored new grads; regular design-review participant",
                ),
            ),
            Job(
                "Software Engineer",
                "Cobalt Storage",
                d("2018", "2021"),
                ("C++ data path, erasure coding",),
            ),
            Job(
                "Software Engineer",
                "Hypergrid Systems",
                d("2016", "2018"),
                ("Java backend for cluster management",),
            ),
        ),
        education=(
            "MS Computer Science, Carnegie Mellon University, 2016",
            "BS Computer Science, Zhejiang University, 2014",
        ),
    ),
    Resume(
        id="h42",
        layout="docx",
        name="Sipho Dlamini",
        email="sipho.dlamini@example.com",
        phone="+44 7700 900672",
        address="Observatory, Cape Town, South Africa",
        headline="Backend Developer & Team Lead",
        summary=(
            "Python developer with five years in edtech. For the past year I've led our "
            "two-person backend team."
        ),
        skills=(
            "Python",
            "Django",
            "DRF",
            "Celery",
            "Redis",
            "PostgreSQL",
            "Docker",
            "Twilio",
            "Africa's Talking",
            "AWS Lightsail",
        ),
        jobs=(
            Job(
                "Backend Team Lead",
                "Learnbridge",
                d("Jun 2024"),
                (
                    "Lead a backend team of two; plan work with the product manager",
                    (
                        "Own the SMS and USSD integrations (Twilio and Africa's Talking "
                        "delivery-report webhooks)"
                    ),
                    "Celery/Redis tasks for bulk messaging and grading",
                ),
            ),
            Job(
                "Backend Developer",
                "Learnbridge",
                d("Jan 2020", "May 2024"),
                (
                    "Built the Django/DRF API behind the learner app",
                    "Dockerised the app and set up a staging server",
                ),
            ),
        ),
        education=("BSc Information Systems, University of Cape Town, 2019",),
    ),
    Resume(
        id="h43",
        layout="txt",
        name="Marta Kowalska",
        email="marta.kowalska@example.com",
        phone="+44 7700 900712",
        address="Glasgow, UK",
        headline="Senior Database Administrator (PostgreSQL / MySQL)",
        summary=(
            "DBA with 10 years looking after large PostgreSQL and MySQL estates: performance, "
            "replication, backups, migrations."
        ),
        skills=(
            "PostgreSQL",
            "MySQL",
            "Patroni",
            "pgBouncer",
            "ProxySQL",
            "Query optimization",
            "Replication",
            "Backup/Recovery",
            "Ansible",
            "Python",
            "Bash",
            "AWS RDS",
        ),
        jobs=(
            Job(
                "Senior DBA",
                "Clydeside Telecom",
                d("2019", "present"),
                (
                    "Own 60+ PostgreSQL clusters (Patroni, pgBouncer)",
                    "Query tuning with developers; the top-20 slow queries are 80% faster",
                    "Python/Ansible automation for failover testing",
                ),
            ),
            Job(
                "Database Administrator",
                "Vistula Financial",
                d("2015", "2019"),
                ("MySQL and Oracle administration",),
            ),
        ),
        education=("MSc Computer Science, Warsaw University of Technology, 2014",),
    ),
    Resume(
        id="h44",
        layout="md",
        name="Obinna Chukwu",
        email="obinna.chukwu@example.com",
        phone="+234 806 555 0139",
        address="Lekki, Lagos",
        headline="Senior Backend Engineer & Team Lead",
        summary=(
            "Backend engineer with six years' experience, currently leading a team of three "
            "at a Lagos telemedicine startup. I've owned our Django backend from the first "
            "patient to 80,000 consultations a month."
        ),
        skills=(
            "Python",
            "Django",
            "DRF",
            "Celery",
            "Redis",
            "PostgreSQL",
            "Docker",
            "Kubernetes (DigitalOcean)",
            "Paystack",
            "Twilio Video",
            "Sentry",
            "Grafana",
        ),
        jobs=(
            Job(
                "Backend Team Lead",
                "Dokita Health",
                d("Feb 2022"),
                (
                    (
                        "Leading a team of three backend engineers: I plan sprints with our PM, "
                        "review every merge request, and make the final call on backend "
                        "architecture"
                    ),
                    (
                        "Built the consultation and e-prescription services in Django/DRF with "
                        "Celery workers on Redis for notifications, reminders and lab-result "
                        "processing"
                    ),
                    (
                        "Integrated Paystack for consultation payments with webhook verification, "
                        "retries and a reconciliation job"
                    ),
                    (
                        "Separated dev, staging and production on a managed Kubernetes cluster; "
                        "no more hotfixes straight to prod"
                    ),
                    (
                        "Put NDPR-compliant data handling in place: field encryption for medical "
                        "records, audit logs, access controls"
                    ),
                    (
                        "Found and fixed a memory leak in our Celery workers that was crashing "
                        "nodes at peak hours"
                    ),
                ),
            ),
            Job(
                "Backend Developer",
                "Agrolink",
                d("Aug 2019", "Jan 2022"),
                (
                    "Django APIs for farmer onboarding and payouts",
                    "Wrote SQL reports and optimised slow queries",
                ),
            ),
        ),
        education=("B.Sc. Computer Science, University of Nigeria, Nsukka, 2019",),
    ),
    Resume(
        id="h45",
        layout="jsonresume",
        name="Kofi Boateng",
        email="kofi.boateng@example.com",
        phone="+44 7700 900823",
        address="Leicester, UK",
        headline="PHP Developer",
        summary="PHP/Laravel developer with 4 years of experience. Also learning Python.",
        skills=(
            "PHP",
            "Laravel",
            "MySQL",
            "JavaScript",
            "Vue.js",
            "Python (learning)",
            "Git",
        ),
        jobs=(
            Job(
                "PHP Developer",
                "Midshire Web",
                d("Apr 2021"),
                (
                    "Laravel sites and admin panels for local businesses",
                    "MySQL schema changes and reports",
                ),
            ),
            Job(
                "Junior Web Developer",
                "Pixel Pond",
                d("Oct 2020", "Mar 2021"),
                ("WordPress themes",),
            ),
        ),
        education=("BSc Computing, De Montfort University, 2020",),
    ),
    Resume(
        id="h46",
        layout="pdf2col",
        name="Fernanda Lima",
        email="fernanda.lima@example.com",
        phone="+1 555 014 5566",
        address="Miami, FL",
        headline="Backend Lead, Healthtech SaaS",
        summary=(
            "Nine years in backend engineering, three and a half leading teams. I run the "
            "backend of a multi-tenant practice-management SaaS for US dental and physio "
            "clinics."
        ),
        skills=(
            "Python",
            "FastAPI",
            "Django",
            "PostgreSQL",
            "MongoDB",
            "Redis",
            "SQS",
            "AWS (ECS, EKS)",
            "Docker",
            "Kubernetes",
            "Terraform",
            "Grafana",
            "Loki",
            "Prometheus",
            "OAuth2",
            "JWT",
            "HIPAA",
        ),
        jobs=(
            Job(
                "Backend Lead",
                "Clinicly",
                d("Jan 2022"),
                (
                    (
                        "Lead 6 backend engineers; set technical direction and run architecture "
                        "reviews"
                    ),
                    (
                        "Architected tenant isolation (row-level security, per-tenant encryption "
                        "keys); led the HIPAA risk assessment with compliance"
                    ),
                    (
                        "Split scheduling, billing and messaging into FastAPI services; moved ECS "
                        "to EKS with Terraform"
                    ),
                    (
                        "Prometheus, Grafana and Loki observability; on-call rotation and "
                        "post-mortems"
                    ),
                    (
                        "SQS workers for claims and reminders; Stripe and clearinghouse webhooks "
                        "with retries"
                    ),
                    (
                        "Partnered with the AI lead to productionise a no-show prediction model "
                        "and an LLM note summariser"
                    ),
                    "Mentoring: career ladders, 1:1s, promoted two engineers to senior",
                ),
            ),
            Job(
                "Senior Backend Engineer",
                "Clinicly",
                d("Mar 2019", "Dec 2021"),
                (
                    "Django REST APIs; PostgreSQL query tuning",
                    "Built a WebSocket-based real-time calendar",
                ),
            ),
            Job(
                "Backend Developer",
                "Sonar Digital",
                d("Jun 2016", "Feb 2019"),
                ("Python and Node services for marketing automation; MongoDB",),
            ),
        ),
        education=("B.Sc. Computer Science, Universidade de São Paulo, 2016",),
    ),
    Resume(
        id="h47",
        layout="txt",
        name="Tobi Ajayi",
        email="tobi.ajayi@example.com",
        phone="+234 708 555 0150",
        address="Ring Road, Ibadan",
        headline="Lead Backend Developer",
        summary="Backend developer (3 years) and lead developer at an early-stage startup.",
        skills=(
            "Python",
            "Django",
            "DRF",
            "Celery",
            "Redis",
            "PostgreSQL",
            "Docker",
            "Paystack",
        ),
        jobs=(
            Job(
                "Lead Backend Developer",
                "Gigly (seed-stage)",
                d("Mar 2024"),
                (
                    (
                        "Only backend developer, plus one intern; I own the API, background jobs "
                        "and deployments"
                    ),
                    "Paystack webhooks and Celery tasks for payouts",
                    "Set up a staging environment on Render",
                ),
            ),
            Job(
                "Backend Developer",
                "Codeville",
                d("Jun 2022", "Feb 2024"),
                ("Django REST APIs for client projects",),
            ),
        ),
        education=("B.Tech. Computer Science, LAUTECH, 2021",),
    ),
)
